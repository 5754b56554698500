import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

/// The fake PBX's own call history and later commands, as a CRM posts them.
@Suite struct FakePBXHistoryTests {
    @Test func aPlacedCallIsPushedWithItsClidAndKeptInTheHistoryCSV() async throws {
        try await withStubCRM { crm in
            try await withFakePBX { pbx in
                let token = try await pbx.connect(crmURL: crm.url)
                let placed = try await Browser.form(
                    pbx.commandURL, ["cmd": "makeCall", "phone": "79101234567", "user": "petrova", "clid": "74951234599", "token": token])
                let callid = try #require((placed.json as? [String: Any])?["callid"] as? String)
                let pushed = try await crm.requests(count: 4)
                #expect(pushed.filter { $0["callid"] == callid }.allSatisfy { $0["telnum"] == "74951234599" })
                // The PBX files the call once its last push is answered.
                #expect(try await pbx.playedBack(callid))

                let answer = try await Browser.form(pbx.commandURL, ["cmd": "history", "period": "today", "token": token])
                #expect(answer.status == 200)
                #expect(answer.headers.first(name: "Content-Type") == "text/csv; charset=utf-8")
                let records = try PBXHistoryRecord.parse(csv: answer.text)
                #expect(records.map(\.uid) == [callid])
                #expect(records.first?.account == "petrova")
                #expect(records.first?.via == "74951234599")
                #expect(records.first?.duration == 0)
                #expect(answer.text.hasSuffix("\r\n"))
            }
        }
    }

    @Test func theLaterCommandsNeedTheTokenAndWellFormedParameters() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect()
            #expect(try await Browser.form(pbx.commandURL, ["cmd": "history", "period": "today"]).status == 401)
            #expect(try await Browser.form(pbx.commandURL, ["cmd": "history", "period": "decade", "token": token]).status == 400)
            #expect(try await Browser.form(pbx.commandURL, ["cmd": "get_dnd", "token": token]).status == 400)
            let ok = try await Browser.form(pbx.commandURL, ["cmd": "set_dnd", "user": "ivanov", "state": "on", "token": token])
            #expect(ok.status == 200 && ok.text == "OK")
            #expect(await pbx.state.doNotDisturb(account: "ivanov") == .on)
            let subscribed = try await Browser.form(
                pbx.commandURL, ["cmd": "subscribeOnCalls", "user": "kozlov", "group_id": "support", "status": "off", "token": token])
            #expect(subscribed.text == "OK")
            let status = try await Browser.form(
                pbx.commandURL, ["cmd": "subscriptionStatus", "user": "kozlov", "group_id": "support", "token": token])
            #expect(status.text == #"{"status":"off"}"#)
        }
    }

    /// The CRM is down (nothing listens where it connected from): the calls still happen, and the PBX files them.
    @Test func incomingCallsPlayedWhileTheCRMIsDownAreInTheHistory() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect()
            let orders = [#"{"scenario":"answered","phone":"79161234567","users":["smirnova"],"diversion":"74951234567"}"#, #"{"scenario":"group-missed","users":["ivanov","petrova"]}"#]
            var callids: [String] = []
            for order in orders {
                let placed = try await Browser.request(.POST, pbx.baseURL + "/fake/calls", body: Array(order.utf8), contentType: "application/json")
                #expect(placed.status == 200, "\(placed.text)")
                let report = try #require(placed.json as? [String: Any])
                #expect(report["refused"] as? Int == report["requests"] as? Int, "every push failed: the CRM is down")
                callids.append(try #require(report["callid"] as? String))
            }
            let answer = try await Browser.form(pbx.commandURL, ["cmd": "history", "period": "today", "token": token])
            let records = try PBXHistoryRecord.parse(csv: answer.text)
            #expect(records.map(\.uid) == callids)
            #expect(records.map(\.type) == [.incoming, .missed])
            #expect(records.map(\.account) == ["smirnova", "pbx"])
            #expect(records.first?.via == "74951234567")
            #expect(records.first?.wait == 0)
            let recording = try #require(records.first?.record)
            #expect(try await Browser.get(recording).status == 200)
            #expect(records.last?.record == nil)
            #expect(try await Browser.form(pbx.commandURL, ["cmd": "history", "type": "missed", "token": token]).text.hasPrefix(callids[1]))
        }
    }

    @Test func noCallIsPlayedWithoutAConnectedCRM() async throws {
        try await withFakePBX { pbx in
            let placed = try await Browser.request(
                .POST, pbx.baseURL + "/fake/calls", body: Array(#"{"scenario":"answered"}"#.utf8), contentType: "application/json")
            #expect(placed.status == 409)
            #expect(try await Browser.request(.POST, pbx.baseURL + "/fake/calls", body: Array("{}".utf8)).status == 400)
        }
    }
}
