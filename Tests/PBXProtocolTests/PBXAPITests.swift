import PBXProtocol
import Testing

@Suite struct PBXLoginRequestTests {
    static let login: PBXParameters = [
        "login": "admin", "password": "pass", "crm_code": "minicrm", "crm_token": "76fsd7tfs",
        "url": "https://crm.example/crm_integration",
    ]

    @Test func theSpecsExample() throws {
        let request = try PBXLoginRequest(parameters: Self.login)
        #expect(request.login == "admin")
        #expect(request.password == "pass")
        #expect(request.crmCode == "minicrm")
        #expect(request.crmToken == "76fsd7tfs")
        #expect(request.url == "https://crm.example/crm_integration")
        #expect(!request.selfMap)
    }

    @Test(arguments: [("true", true), ("1", true), ("", true), ("false", false), ("0", false), ("no", false)])
    func selfMapIsAPresenceFlag(wire: String, selfMap: Bool) throws {
        var parameters = Self.login
        parameters["self_map"] = wire
        #expect(try PBXLoginRequest(parameters: parameters).selfMap == selfMap)
    }

    @Test(arguments: ["redirect_url", "redirect_uri"])
    func withoutCredentialsARedirectIsRequired(name: String) throws {
        var parameters = Self.login
        parameters["login"] = nil
        parameters["password"] = nil
        expectInvalidParameters { () throws(ProtocolError) in try PBXLoginRequest(parameters: parameters) }
        parameters[name] = "https://crm.example/settings"
        #expect(try PBXLoginRequest(parameters: parameters).redirectURL == "https://crm.example/settings")
    }

    @Test(arguments: ["login", "password"])
    func loginAndPasswordGoTogether(name: String) {
        var parameters = Self.login
        parameters[name] = nil
        expectInvalidParameters { () throws(ProtocolError) in try PBXLoginRequest(parameters: parameters) }
    }

    @Test(arguments: ["crm_code", "crm_token", "url"])
    func requiredParameters(name: String) {
        var parameters = Self.login
        parameters[name] = nil
        expectInvalidParameters { () throws(ProtocolError) in try PBXLoginRequest(parameters: parameters) }
    }

    @Test func parametersRoundTrip() throws {
        let request = PBXLoginRequest(
            crmCode: "minicrm", login: "admin", password: "p+ss", crmToken: "tok", url: "http://127.0.0.1:8080/crm_integration",
            redirectURL: "http://127.0.0.1:8080/", selfMap: true
        )
        #expect(try PBXLoginRequest(parameters: request.parameters) == request)
    }
}

@Suite struct PBXCommandTests {
    @Test func makeCallSendsDigitsOnlyAndTheToken() {
        let command = PBXCommand.makeCall(MakeCallRequest(phone: PhoneNumber("+7 (910) 123-45-67"), user: "ivanov"))
        let parameters = command.parameters(token: "5f317b9f")
        #expect(parameters["cmd"] == "makeCall")
        #expect(parameters["phone"] == "79101234567")
        #expect(parameters["user"] == "ivanov")
        #expect(parameters["token"] == "5f317b9f")
        #expect(parameters["clid"] == nil)
    }

    @Test func commandsParseBack() throws {
        let commands: [PBXCommand] = [
            .makeCall(MakeCallRequest(phone: PhoneNumber("79101234567"), user: "ivanov", clid: "74951234567")), .accounts, .groups,
        ]
        for command in commands {
            #expect(try PBXCommand(parameters: command.parameters(token: "t")) == command)
        }
    }

    @Test(arguments: ["phone", "user"])
    func makeCallRequires(name: String) {
        var parameters = PBXCommand.makeCall(MakeCallRequest(phone: PhoneNumber("79101234567"), user: "ivanov")).parameters(token: "t")
        parameters[name] = nil
        expectInvalidParameters { () throws(ProtocolError) in try PBXCommand(parameters: parameters) }
    }

    @Test(arguments: ["", "makecall", "dial"])
    func unknownCommandsAreInvalidParameters(cmd: String) {
        expectInvalidParameters { () throws(ProtocolError) in try PBXCommand(parameters: ["cmd": cmd, "token": "t"]) }
    }

    @Test func accountsDecodeFromTheSpecsAnswer() throws {
        let json = #"[{"name":"test","realName":" "},{"name":"daria","realName":"Дарья","ext":"102","email":"d@x.example"}]"#
        let accounts = try ProtocolJSON.decode([PBXAccount].self, from: Array(json.utf8))
        #expect(accounts.map(\.name) == ["test", "daria"])
        #expect(accounts[1].ext == "102")
    }
}

@Suite struct ProtocolErrorTests {
    @Test func bodiesAndStatusesAreTheSpecs() {
        #expect(ProtocolError.invalidParameters("x").status == 400)
        #expect(ProtocolError.invalidToken.status == 401)
        #expect(ProtocolError.authorizationFailed.status == 401)
        #expect(String(decoding: ProtocolJSON.encode(ProtocolError.invalidParameters("why").body), as: UTF8.self) == #"{"error":"Invalid parameters"}"#)
        #expect(String(decoding: ProtocolJSON.encode(ProtocolError.invalidToken.body), as: UTF8.self) == #"{"error":"Invalid token"}"#)
        #expect(String(decoding: ProtocolJSON.encode(ProtocolError.authorizationFailed.body), as: UTF8.self) == #"{"error":"Autorization failed"}"#)
    }

    @Test func jsonIsWrittenWithoutEscapingNonASCIIOrSlashes() {
        let body = ProtocolJSON.encode(ContactResponse(contactName: "Смирнов / ООО «Вектор»", responsible: "ivanov"))
        #expect(String(decoding: body, as: UTF8.self) == #"{"contact_name":"Смирнов / ООО «Вектор»","responsible":"ivanov"}"#)
    }

    @Test func anUnknownCallerIsAnEmptyObject() {
        #expect(String(decoding: ProtocolJSON.encode(ContactResponse.unknown), as: UTF8.self) == "{}")
    }
}

@Suite struct ConstantTimeTests {
    @Test func equalSecretsMatch() {
        #expect(ConstantTime.equals("76fsd7tfs-fhjdgfdjsfsk", expected: "76fsd7tfs-fhjdgfdjsfsk"))
        #expect(ConstantTime.equals("", expected: ""))
        #expect(ConstantTime.equals("ключ", expected: "ключ"))
    }

    @Test(arguments: [("abcd", "abce"), ("abc", "abcd"), ("abcde", "abcd"), ("", "abcd"), ("abcd", ""), ("ABCD", "abcd"), ("\0\0\0\0", "abcd")])
    func anyDifferenceFails(candidate: String, expected: String) {
        #expect(!ConstantTime.equals(candidate, expected: expected))
    }
}
