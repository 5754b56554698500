import Foundation
import PBXProtocol
import Testing

/// The PBX's `history` answer: CSV lines `UID,type,client,account,via,start,wait,duration,record`.
@Suite struct PBXHistoryRecordTests {
    /// 2017-07-07T13:14:08Z.
    static let start = Date(timeIntervalSince1970: 1_499_433_248)

    @Test func theDocumentedLine() throws {
        let csv = "a252179d-8c2f-4bd5-9d39-6d0f2e6f3f1b,out,+79002445949,admin@ats.example,+74996861574,2017-07-07T16:14:08+03:00,0,11,\r\n"
        let records = try PBXHistoryRecord.parse(csv: csv)
        #expect(
            records == [
                PBXHistoryRecord(
                    uid: "a252179d-8c2f-4bd5-9d39-6d0f2e6f3f1b", type: .outgoing, client: "+79002445949", account: "admin@ats.example",
                    via: "+74996861574", start: Self.start, utcOffset: 3 * 3600, wait: 0, duration: 11, record: nil)
            ])
        #expect(records.first?.phone() == PhoneNumber("79002445949"))
    }

    @Test func quotedFieldsKeepTheirCommasQuotesAndLineBreaks() throws {
        let csv = #"""
            "U,1",in,79161234567,"ivanov@t.example",74951234567,2017-07-07T13:14:08Z,4,30,"https://r.example/a.mp3?x=1,2"
            U2,missed,"say ""hi""
            there",kozlov,,2017-07-07T13:14:08Z,12,0,

            """#
        let records = try PBXHistoryRecord.parse(csv: csv)
        #expect(records.map(\.uid) == ["U,1", "U2"])
        #expect(records[0].record == "https://r.example/a.mp3?x=1,2")
        #expect(records[1].client == "say \"hi\"\nthere")
        #expect(records[1].type == .missed)
        #expect(records[1].via == "")
        #expect(records[1].record == nil)
    }

    @Test func anEmptyOrMissingRecordIsNone() throws {
        let records = try PBXHistoryRecord.parse(csv: "A,in,7916,ivanov,7495,20170707T131408Z,1,2,\nB,in,7916,ivanov,7495,20170707T131408Z,1,2\n")
        #expect(records.map(\.record) == [nil, nil])
        #expect(records.allSatisfy { $0.start == Self.start })
    }

    @Test(arguments: [
        ("2017-07-07T16:14:08+03:00", 10_800), ("2017-07-07T16:14:08+0300", 10_800), ("2017-07-07T16:14:08+03", 10_800),
        ("2017-07-07T13:14:08Z", 0), ("2017-07-07 13:14:08", 0), ("2017-07-07T07:44:08-05:30", -19_800), ("20170707T131408Z", 0),
    ])
    func startIsReadWithItsOffset(text: String, offset: Int) throws {
        let parsed = try #require(PBXHistoryTimestamp.parse(text))
        #expect(parsed.date == Self.start)
        #expect(parsed.utcOffset == offset)
    }

    @Test func fractionsOfASecondAreKept() throws {
        #expect(PBXHistoryTimestamp.parse("2017-07-07T16:14:08.250+03:00")?.date == Self.start.addingTimeInterval(0.25))
    }

    @Test(arguments: ["2017-07-07T16:14:08+3", "2017-07-07T16:14:08+03:00:00", "2017-02-30T00:00:00Z", "07.07.2017 16:14", "", "2017-07-07T25:00:00Z"])
    func malformedStartsAreRefused(text: String) {
        #expect(PBXHistoryTimestamp.parse(text) == nil)
    }

    @Test func writingAndReadingGiveTheSameRecords() throws {
        let records = [
            PBXHistoryRecord(
                uid: "HLH8HFM77S000035", type: .incoming, client: "+79161234567", account: "smirnova@tenant", via: "74951234567",
                start: Self.start, utcOffset: 3 * 3600, wait: 5, duration: 61, record: "https://r.example/1.mp3"),
            PBXHistoryRecord(
                uid: "x,\"y\"", type: .missed, client: "", account: "pbx", via: "", start: Self.start, utcOffset: -4 * 3600, wait: 20,
                duration: 0),
        ]
        let csv = PBXHistoryRecord.csv(records)
        #expect(csv.hasPrefix("HLH8HFM77S000035,in,+79161234567,smirnova@tenant,74951234567,2017-07-07T16:14:08+03:00,5,61,"))
        #expect(csv.hasSuffix("\r\n"))
        #expect(try PBXHistoryRecord.parse(csv: csv) == records)
    }

    @Test func aHeaderLineIsSkippedAndLaterFieldsIgnored() throws {
        let csv = "UID,type,client,account,via,start,wait,duration,record\nA,out,7916,ivanov,7495,20170707T131408Z,0,9,,later\n"
        let records = try PBXHistoryRecord.parse(csv: csv)
        #expect(records.map(\.uid) == ["A"])
        #expect(records.first?.duration == 9)
    }

    @Test func aBadLineIsNamed() {
        for csv in ["A,in,7916,ivanov,7495,20170707T131408Z,0,9\nB,in,7916\n", "A,in,7916,ivanov,7495,20170707T131408Z,x,9\n"] {
            do {
                _ = try PBXHistoryRecord.parse(csv: csv)
                Issue.record("parsed \(csv)")
            } catch {
                #expect(error.reason.hasPrefix("line "), "\(error.reason)")
            }
        }
        expectInvalidParameters { () throws(ProtocolError) in try CommaSeparatedValues.records(in: "\"never closed,1\n") }
    }
}

@Suite struct PBXHistoryRequestTests {
    @Test func aSpanIsSentAsCompactUTCTimestamps() throws {
        let request = PBXHistoryRequest(start: PBXHistoryRecordTests.start, end: nil, type: .missed, limit: 50)
        let parameters = PBXCommand.history(request).parameters(token: "t")
        #expect(parameters["cmd"] == "history")
        #expect(parameters["start"] == "20170707T131408Z")
        #expect(parameters["end"] == nil)
        #expect(parameters["type"] == "missed")
        #expect(parameters["limit"] == "50")
        #expect(try PBXCommand(parameters: parameters) == .history(request))
    }

    @Test func aPeriodAndTheDefaults() throws {
        #expect(try PBXHistoryRequest(parameters: ["period": "this_week"]) == PBXHistoryRequest(window: .period(.thisWeek)))
        #expect(try PBXHistoryRequest(parameters: [:]) == PBXHistoryRequest())
        #expect(try PBXHistoryRequest(parameters: ["type": "IN"]).type == .incoming)
    }

    @Test(arguments: [
        ["period": "fortnight"], ["period": "today", "start": "20170707T131408Z"], ["start": "yesterday"], ["type": "sideways"],
        ["limit": "-1"],
    ] as [PBXParameters])
    func malformedRequestsAreInvalidParameters(parameters: PBXParameters) {
        expectInvalidParameters { () throws(ProtocolError) in try PBXHistoryRequest(parameters: parameters) }
    }

    /// Wednesday 2026-12-02 23:30 UTC is already Thursday in Moscow.
    @Test func periodsAreCountedInThePBXsTimeZone() {
        let now = Date(timeIntervalSince1970: 1_796_254_200)
        let moscow = 3 * 3600
        func day(_ text: String) -> Date { PBXHistoryTimestamp.parse(text)!.date }
        #expect(PBXHistoryPeriod.today.interval(containing: now, utcOffset: moscow) == day("2026-12-03T00:00:00+03:00")..<day("2026-12-04T00:00:00+03:00"))
        #expect(PBXHistoryPeriod.today.interval(containing: now, utcOffset: 0) == day("2026-12-02T00:00:00Z")..<day("2026-12-03T00:00:00Z"))
        #expect(PBXHistoryPeriod.yesterday.interval(containing: now, utcOffset: moscow).lowerBound == day("2026-12-02T00:00:00+03:00"))
        #expect(
            PBXHistoryPeriod.thisWeek.interval(containing: now, utcOffset: moscow)
                == day("2026-11-30T00:00:00+03:00")..<day("2026-12-07T00:00:00+03:00"))
        #expect(PBXHistoryPeriod.lastWeek.interval(containing: now, utcOffset: moscow).lowerBound == day("2026-11-23T00:00:00+03:00"))
        #expect(
            PBXHistoryPeriod.thisMonth.interval(containing: now, utcOffset: moscow)
                == day("2026-12-01T00:00:00+03:00")..<day("2027-01-01T00:00:00+03:00"))
        let january = day("2027-01-15T12:00:00Z")
        #expect(
            PBXHistoryPeriod.lastMonth.interval(containing: january, utcOffset: moscow)
                == day("2026-12-01T00:00:00+03:00")..<day("2027-01-01T00:00:00+03:00"))
    }

    @Test(arguments: [("on", true), ("OFF", false), ("true", true), ("0", false), (" yes ", true)])
    func switchesAreReadAsPublicClientsSendThem(wire: String, isOn: Bool) throws {
        #expect(PBXSwitch(wire: wire)?.isOn == isOn)
        let request = try SetDNDRequest(parameters: ["user": "ivanov", "state": wire])
        #expect(request.state.isOn == isOn)
        #expect(PBXCommand.setDND(request).parameters(token: "t")["state"] == (isOn ? "on" : "off"))
    }

    @Test func subscriptionsAndDoNotDisturbRoundTrip() throws {
        let commands: [PBXCommand] = [
            .subscribeOnCalls(SubscribeOnCallsRequest(user: "ivanov", groupID: "sales", status: .off)),
            .subscribeOnCalls(SubscribeOnCallsRequest(user: "ivanov", status: .on)),
            .subscriptionStatus(SubscriptionStatusRequest(user: "ivanov", groupID: "sales")),
            .setDND(SetDNDRequest(user: "ivanov", state: .on)), .getDND(GetDNDRequest(user: "ivanov")),
        ]
        for command in commands {
            #expect(try PBXCommand(parameters: command.parameters(token: "t")) == command)
        }
        expectInvalidParameters { () throws(ProtocolError) in try PBXCommand(parameters: ["cmd": "subscribeOnCalls", "user": "ivanov"]) }
        expectInvalidParameters { () throws(ProtocolError) in try PBXCommand(parameters: ["cmd": "set_dnd", "user": "ivanov", "state": "maybe"]) }
        #expect(try ProtocolJSON.decode(DNDStateResponse.self, from: Array(#"{"state":true}"#.utf8)).state == .on)
    }
}
