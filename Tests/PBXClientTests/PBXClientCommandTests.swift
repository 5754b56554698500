import PBXClient
import PBXProtocol
import PBXTools
import Testing

@Suite struct PBXClientCommandTests {
    @Test func accountsAreTheConfiguredOnes() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let token = try await client.login(.admin()).token
                let accounts = try await client.accounts(token: token)
                #expect(accounts == FakePBXConfiguration.defaultAccounts)
                #expect(accounts.first { $0.name == "smirnova" }?.realName == "Анна Смирнова")
            }
        }
    }

    @Test func groupsAreTheConfiguredOnes() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let token = try await client.login(.admin()).token
                #expect(try await client.groups(token: token) == FakePBXConfiguration.defaultGroups)
            }
        }
    }

    @Test func makeCallSendsDigitsAndReturnsTheCallID() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let token = try await client.login(.admin(selfMap: true)).token
                let request = MakeCallRequest(phone: PhoneNumber("+7 (910) 123-45-67"), user: "ivanov")
                let response = try await client.makeCall(request, token: token)
                let callid = try #require(response.callid)
                let received = try #require(await pbx.state.snapshot().makeCalls.last)
                #expect(received.phone == "79101234567")
                #expect(received.user == "ivanov")
                #expect(received.status == 200)
                #expect(received.callid == callid)
            }
        }
    }

    @Test func makeCallUserWithPlusAndCyrillicArrivesByteExact() async throws {
        let user = "менеджер+1 &=%"
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let token = try await client.login(.admin()).token
                let request = MakeCallRequest(phone: PhoneNumber("79101234567"), user: user, clid: "+74951234500")
                _ = try await client.makeCall(request, token: token)
                let received = try #require(await pbx.state.snapshot().makeCalls.last)
                #expect(received.user.map { Array($0.utf8) } == Array(user.utf8))
                #expect(received.clid == "+74951234500")
            }
        }
    }

    @Test func makeCallForAnUnknownAccountInSelfMapIsInvalidParameters() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let token = try await client.login(.admin(selfMap: true)).token
                let request = MakeCallRequest(phone: PhoneNumber("79101234567"), user: "nobody")
                #expect(await clientError { _ = try await client.makeCall(request, token: token) } == .invalidParameters)
            }
        }
    }

    @Test func wrongOrMissingTokenIsInvalidToken() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                _ = try await client.login(.admin())
                #expect(await clientError { _ = try await client.accounts(token: "not-the-token") } == .invalidToken)
                #expect(await clientError { _ = try await client.groups(token: "") } == .invalidToken)
                let request = MakeCallRequest(phone: PhoneNumber("79101234567"), user: "ivanov")
                #expect(await clientError { _ = try await client.makeCall(request, token: "x") } == .invalidToken)
            }
        }
    }

    /// What goes on the wire: a POST to the prefixed path, form-encoded strictly (`+` as `%2B`).
    @Test func requestIsAStrictlyEncodedFormPostUnderThePathPrefix() async throws {
        try await CannedHTTPServer.with(.answer(CannedHTTPServer.response(status: "200 OK", body: ""))) { server in
            try await withClient(server.baseURL + "/tenant/") { client in
                #expect(client.baseURL == server.baseURL + "/tenant")
                let request = MakeCallRequest(phone: PhoneNumber("79101234567"), user: "a+b c")
                let response = try await client.makeCall(request, token: "t+1")
                #expect(response == MakeCallResponse())
                let received = server.received
                #expect(received.hasPrefix("POST /tenant\(PBXAPI.commandPath) HTTP/1.1\r\n"))
                #expect(received.lowercased().contains("content-type: application/x-www-form-urlencoded\r\n"))
                #expect(received.hasSuffix("\r\n\r\ncmd=makeCall&phone=79101234567&user=a%2Bb%20c&token=t%2B1"))
            }
        }
    }
}
