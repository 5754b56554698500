import Foundation
import PBXProtocol
import Testing

@Suite struct HistoryRequestTests {
    static let base: PBXParameters = [
        "cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "124", "callid": "H-1",
    ]

    private func history(_ changes: [String: String?] = [:]) throws(ProtocolError) -> HistoryRequest {
        var parameters = Self.base
        for (name, value) in changes { parameters[name] = value }
        return try HistoryRequest(parameters: parameters)
    }

    @Test func theMinimalSpecRequest() throws {
        let request = try history()
        #expect(request.direction == .incoming)
        #expect(request.user == "ivanov")
        #expect(request.phone == PhoneNumber("+79161234567"))
        #expect(request.duration == 124)
        #expect(request.callid == "H-1")
        #expect(request.links.isEmpty)
        #expect(request.start == nil)
        #expect(request.status == nil)
    }

    @Test(arguments: [("in", CallDirection.incoming), ("out", .outgoing), ("IN", .incoming), ("Out", .outgoing)])
    func typeIsTheDirection(wire: String, direction: CallDirection) throws {
        #expect(try history(["type": wire]).direction == direction)
    }

    @Test(arguments: ["incoming", "both", "INCOMING"])
    func anyOtherTypeIsInvalidParameters(wire: String) {
        expectInvalidParameters { () throws(ProtocolError) in try history(["type": wire]) }
    }

    @Test(arguments: [("0", 0), ("61", 61), ("12.0", 12), (" 7 ", 7)])
    func durationIsAWholeNumberOfSeconds(wire: String, seconds: Int) throws {
        #expect(try history(["duration": wire]).duration == seconds)
    }

    @Test(arguments: ["-1", "abc", "12.5", "1,5", "", "nan", "inf"])
    func aNegativeOrNonNumericDurationIsInvalidParameters(wire: String) {
        expectInvalidParameters { () throws(ProtocolError) in try history(["duration": wire]) }
    }

    @Test func linkIsSplitOnPipes() throws {
        let request = try history(["link": "https://r.example/a.mp3|https://r.example/b.mp3| |https://r.example/c.mp3|"])
        #expect(request.links == ["https://r.example/a.mp3", "https://r.example/b.mp3", "https://r.example/c.mp3"])
    }

    @Test func aSingleLinkIsOneRecording() throws {
        #expect(try history(["link": "https://records.example/2026/12/01/x.mp3"]).links == ["https://records.example/2026/12/01/x.mp3"])
    }

    @Test func startIsParsedAsUTC() throws {
        #expect(try history(["start": "20170707T131408Z"]).start == Date(timeIntervalSince1970: 1_499_433_248))
    }

    @Test func anUnreadableStartIsInvalidParameters() {
        expectInvalidParameters { () throws(ProtocolError) in try history(["start": "yesterday"]) }
    }

    @Test(arguments: [
        ("Success", CallStatus.success), ("success", .success), ("SUCCESS", .success), ("missed", .missed), ("Missed", .missed),
        ("Cancel", .cancel), ("Busy", .busy), ("NotAvailable", .notAvailable), ("NotAllowed", .notAllowed), ("NotFound", .notFound),
    ])
    func statusIsMatchedCaseInsensitively(wire: String, status: CallStatus) throws {
        #expect(try history(["status": wire]).status == status)
    }

    @Test func anUnknownStatusIsKeptNotRejected() throws {
        #expect(try history(["status": "VoiceMail"]).status?.rawValue == "voicemail")
    }

    @Test func statusesGoBackOnTheWireInThePBXsSpelling() {
        #expect(CallStatus.success.wireName == "Success")
        #expect(CallStatus.missed.wireName == "missed")
        #expect(CallStatus.notAvailable.wireName == "NotAvailable")
    }

    @Test func laterVersionFieldsAndExtrasAreKept() throws {
        let request = try history([
            "ext": "101", "telnum": "74951234567", "groupRealName": "", "rating": "4", "diversion": "74951234567",
            "missedStatus": "0", "group": "g_3f2c@acme.example", "crm_token": "secret",
        ])
        #expect(request.ext == "101")
        #expect(request.telnum == "74951234567")
        #expect(request.groupRealName == nil)
        #expect(request.rating == 4)
        #expect(request.diversion == "74951234567")
        #expect(request.extras == ["missedStatus": "0", "group": "g_3f2c@acme.example"])
    }

    @Test func aNonNumericRatingIsInvalidParameters() {
        expectInvalidParameters { () throws(ProtocolError) in try history(["rating": "five"]) }
    }
}
