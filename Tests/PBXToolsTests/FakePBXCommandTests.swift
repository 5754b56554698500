import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

@Suite struct FakePBXCommandTests {
    @Test func aPlusInPhoneIsRefusedAsARealPBXDoes() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect()
            for phone in ["+79101234567", "7 910 123-45-67", "abc"] {
                let reply = try await Browser.form(pbx.commandURL, ["cmd": "makeCall", "phone": phone, "user": "ivanov", "token": token])
                #expect(reply.status == 400, "\(phone)")
                #expect(reply.errorText == "Invalid parameters")
            }
            let received = await pbx.state.snapshot().makeCalls
            #expect(received.map(\.phone) == ["+79101234567", "7 910 123-45-67", "abc"])
            #expect(received.allSatisfy { $0.status == 400 && $0.callid == nil })
        }
    }

    @Test func makeCallNeedsPhoneAndUser() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect()
            let incomplete: [PBXParameters] = [["cmd": "makeCall", "user": "ivanov"], ["cmd": "makeCall", "phone": "79101234567", "user": " "]]
            for parameters in incomplete {
                var parameters = parameters
                parameters.append("token", token)
                #expect(try await Browser.form(pbx.commandURL, parameters).status == 400)
            }
        }
    }

    @Test func selfMapAcceptsOnlyKnownAccounts() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect(selfMap: true)
            let unknown = try await Browser.form(pbx.commandURL, ["cmd": "makeCall", "phone": "79101234567", "user": "7", "token": token])
            #expect(unknown.status == 400)
            let known = try await Browser.form(
                pbx.commandURL, ["cmd": "makeCall", "phone": "79101234567", "user": "reception", "token": token]
            )
            #expect(known.status == 200)
        }
    }

    /// The token comes before anything else: a bad token is a 401 even for an unknown command.
    @Test func tokenIsCheckedFirst() async throws {
        try await withFakePBX { pbx in
            let noConnectionYet = try await Browser.form(pbx.commandURL, ["cmd": "accounts", "token": "anything"])
            #expect(noConnectionYet.status == 401)
            #expect(noConnectionYet.errorText == "Invalid token")
            let token = try await pbx.connect()
            let missing = try await Browser.form(pbx.commandURL, ["cmd": "nonsense"])
            #expect(missing.status == 401)
            #expect(missing.errorText == "Invalid token")
            let unknownCommand = try await Browser.form(pbx.commandURL, ["cmd": "nonsense", "token": token])
            #expect(unknownCommand.status == 400)
            #expect(unknownCommand.errorText == "Invalid parameters")
            let noCommand = try await Browser.form(pbx.commandURL, ["token": token])
            #expect(noCommand.status == 400)
        }
    }

    @Test func jsonMultipartAndQueryParametersAreAccepted() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect()
            for encoding in BodyEncoding.allCases {
                let (contentType, body) = encoding.encode(["cmd": "accounts", "token": token])
                let reply = try await Browser.request(.POST, pbx.commandURL, body: body, contentType: contentType)
                #expect(reply.status == 200, "\(encoding)")
                #expect((reply.json as? [[String: Any]])?.count == FakePBXConfiguration.defaultAccounts.count)
            }
            let query = try await Browser.request(.POST, pbx.commandURL + "?cmd=groups&token=\(token)")
            #expect((query.json as? [[String: Any]])?.first?["realName"] as? String == "Отдел продаж")
        }
    }

    @Test func accountsAnswerIsTheProtocolsJSON() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect()
            let reply = try await Browser.form(pbx.commandURL, ["cmd": "accounts", "token": token])
            #expect(reply.headers.first(name: "Content-Type") == ProtocolJSON.contentType)
            #expect(reply.text.contains(#""realName":"Иван Иванов""#), "non-ASCII unescaped")
            let accounts = try ProtocolJSON.decode([PBXAccount].self, from: reply.body)
            #expect(accounts.map(\.name).prefix(5) == ["ivanov", "smirnova", "petrova", "kozlov", "volkova"])
            #expect(accounts.contains { $0.name == "reception" && $0.realName == "Ресепшн" })
        }
    }
}
