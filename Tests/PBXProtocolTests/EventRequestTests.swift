import PBXProtocol
import Testing

@Suite struct EventRequestTests {
    static let base: PBXParameters = ["cmd": "event", "type": "INCOMING", "phone": "79161234567", "user": "ivanov", "callid": "E-1"]

    private func event(_ changes: [String: String?] = [:]) throws(ProtocolError) -> EventRequest {
        var parameters = Self.base
        for (name, value) in changes { parameters[name] = value }
        return try EventRequest(parameters: parameters)
    }

    @Test(arguments: [
        ("INCOMING", CallEventType.incoming), ("ACCEPTED", .accepted), ("COMPLETED", .completed), ("CANCELLED", .cancelled),
        ("OUTGOING", .outgoing), ("TRANSFERRED", .transferred), ("incoming", .incoming), ("Accepted", .accepted),
        ("cancelled", .cancelled),
    ])
    func eventTypesAreReadCaseInsensitively(wire: String, type: CallEventType) throws {
        #expect(try event(["type": wire]).type == type)
    }

    @Test(arguments: ["RINGING", "CANCELED", "HANGUP", ""])
    func anUnknownTypeIsInvalidParameters(wire: String) {
        expectInvalidParameters { () throws(ProtocolError) in try event(["type": wire]) }
    }

    @Test func valuesAreTrimmed() throws {
        let request = try event(["type": " ACCEPTED\t", "user": " ivanov ", "callid": "E-1 "])
        #expect(request.type == .accepted)
        #expect(request.user == "ivanov")
        #expect(request.callid == "E-1")
    }

    @Test func laterVersionFieldsAreRead() throws {
        let request = try event([
            "direction": "OUT", "groupRealName": "Отдел продаж", "ext": "101", "telnum": "74951234567", "second_callid": "E-2",
            "diversion": "74951234567",
        ])
        #expect(request.direction == .outgoing)
        #expect(request.groupRealName == "Отдел продаж")
        #expect(request.ext == "101")
        #expect(request.telnum == "74951234567")
        #expect(request.secondCallid == "E-2")
        #expect(request.diversion == "74951234567")
        #expect(request.extras.isEmpty)
    }

    @Test func anUnknownDirectionIsInvalidParameters() {
        expectInvalidParameters { () throws(ProtocolError) in try event(["direction": "sideways"]) }
    }

    @Test func directionIsImpliedByTheType() throws {
        #expect(try event().impliedDirection == .incoming)
        #expect(try event(["type": "OUTGOING"]).impliedDirection == .outgoing)
        #expect(try event(["type": "OUTGOING", "direction": "in"]).impliedDirection == .incoming)
    }

    @Test func unknownParametersAreKeptButNeverTheToken() throws {
        let request = try event(["crm_token": "secret", "missedStatus": "0", "group": "g_1@acme.example"])
        #expect(request.extras == ["missedStatus": "0", "group": "g_1@acme.example"])
    }

    @Test func theUserIsKeptAsSent() throws {
        #expect(try event(["user": "Ivanov@Acme.Example"]).user == "Ivanov@Acme.Example")
    }
}
