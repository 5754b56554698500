import PBXProtocol
import Testing

/// `cmd` dispatch and the parameters every command requires.
@Suite struct CRMRequestTests {
    static let token = "t0k"

    @Test(arguments: ["users", "user"])
    func usersIsAcceptedInBothSpellings(cmd: String) throws {
        #expect(try CRMRequest(parameters: ["cmd": cmd, "crm_token": Self.token]) == .users)
    }

    @Test func aMissingCmdIsInvalidParameters() {
        expectInvalidParameters { () throws(ProtocolError) in try CRMRequest(parameters: ["crm_token": Self.token]) }
        expectInvalidParameters { () throws(ProtocolError) in try CRMRequest(parameters: ["cmd": " ", "crm_token": Self.token]) }
    }

    @Test(arguments: ["makeCall", "USERS", "contacts", "history2"])
    func anUnknownCmdIsInvalidParameters(cmd: String) {
        expectInvalidParameters { () throws(ProtocolError) in try CRMRequest(parameters: ["cmd": cmd, "crm_token": Self.token]) }
    }

    static let complete: [CRMRequest.Command: PBXParameters] = [
        .contact: ["cmd": "contact", "phone": "79101234567", "callid": "C-1"],
        .event: ["cmd": "event", "type": "INCOMING", "phone": "79101234567", "user": "ivanov", "callid": "C-1"],
        .history: ["cmd": "history", "type": "in", "user": "ivanov", "phone": "79101234567", "duration": "12", "callid": "C-1"],
        .rating: ["cmd": "rating", "callid": "C-1", "rating": "5"],
    ]

    @Test(arguments: [CRMRequest.Command.contact, .event, .history, .rating])
    func eachCommandParsesWithExactlyItsRequiredParameters(command: CRMRequest.Command) throws {
        let request = try CRMRequest(parameters: Self.complete[command]!)
        #expect(request.command == command)
    }

    static let requirements: [(CRMRequest.Command, String)] = [
        (.contact, "phone"), (.contact, "callid"),
        (.event, "type"), (.event, "phone"), (.event, "user"), (.event, "callid"),
        (.history, "type"), (.history, "user"), (.history, "phone"), (.history, "duration"), (.history, "callid"),
        (.rating, "callid"), (.rating, "rating"),
    ]

    @Test(arguments: requirements)
    func eachRequiredParameterMissingIsInvalidParameters(command: CRMRequest.Command, name: String) {
        var parameters = Self.complete[command]!
        parameters[name] = nil
        expectInvalidParameters("\(command) without \(name)") { () throws(ProtocolError) in try CRMRequest(parameters: parameters) }
    }

    @Test(arguments: [(CRMRequest.Command.contact, "callid"), (.event, "user"), (.event, "callid"), (.history, "callid")])
    func anEmptyRequiredValueIsMissing(command: CRMRequest.Command, name: String) {
        var parameters = Self.complete[command]!
        parameters[name] = "  "
        expectInvalidParameters { () throws(ProtocolError) in try CRMRequest(parameters: parameters) }
    }

    @Test func anEmptyPhoneIsAHiddenNumberNotAnError() throws {
        var parameters = Self.complete[.contact]!
        parameters["phone"] = ""
        guard case .contact(let contact) = try CRMRequest(parameters: parameters) else {
            Issue.record("not a contact request")
            return
        }
        #expect(contact.phone.value == "")
    }

    @Test func contactCanonicalizesThePhoneAndKeepsDiversion() throws {
        let request = try ContactRequest(parameters: ["phone": "8 (910) 123-45-67", "callid": "C-1", "diversion": "74951234567"])
        #expect(request.phone == PhoneNumber("+79101234567"))
        #expect(request.callid == "C-1")
        #expect(request.diversion == "74951234567")
    }

    @Test func theDefaultCountryIsUsedForNationalNumbers() throws {
        let request = try ContactRequest(parameters: ["phone": "030 1234567", "callid": "C-1"], defaultCountry: "49")
        #expect(request.phone.value == "+49301234567")
    }

    @Test func theSendersWireFormParsesBack() throws {
        let requests: [CRMRequest] = [
            .users,
            .contact(ContactRequest(phone: PhoneNumber("79101234567"), callid: "C-1", diversion: "74951234567")),
            .event(EventRequest(type: .accepted, phone: PhoneNumber("79101234567"), user: "ivanov", callid: "C-1", ext: "101", extras: ["x": "1"])),
            .history(
                HistoryRequest(
                    direction: .outgoing, user: "ivanov", phone: PhoneNumber("79101234567"), duration: 30, callid: "C-1",
                    links: ["https://r.example/a.mp3", "https://r.example/b.mp3"], start: ProtocolTimestamp.parse("20261201T081502Z"),
                    status: .busy, groupRealName: "Отдел продаж", rating: 4
                )
            ),
            .rating(RatingRequest(callid: "C-1", rating: 5, user: "ivanov", ext: "101", phone: PhoneNumber("79101234567"))),
        ]
        for request in requests {
            let parameters = request.parameters(crmToken: Self.token)
            #expect(parameters["crm_token"] == Self.token)
            #expect(try CRMRequest(parameters: parameters) == request)
        }
    }
}
