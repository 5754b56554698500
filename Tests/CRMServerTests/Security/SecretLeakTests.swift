import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

@testable import CRMServer

/// After a run of the traffic the suite sends — logins right and wrong, HTTP Basic, managers and
/// passwords, the PBX connected and used, every PBX command, refused tokens — no crm_token, PBX
/// token or password is in the logs (every level), the journal, `/metrics` or any answer.
@Suite struct SecretLeakTests {
    static let crmToken = "SecretCrmToken-5150"
    static let pbxPassword = "PbxAdminPass-91"
    static let passwords = ["WrongPass-1234", "NewManagerPass-77", "ChangedPass-2024", pbxPassword]

    @Test func noSecretLeaksAnywhere() async throws {
        let log = CapturedLog()
        var pbxConfiguration = FakePBXConfiguration(port: 0, ringDelay: .milliseconds(10), talkDuration: .milliseconds(20), logLevel: .error)
        pbxConfiguration.adminPassword = Self.pbxPassword
        try await RunningFakePBX.withRunning(pbxConfiguration) { pbx throws in
            try await withServer(seed: true, configure: { $0.logger = log.logger(level: .trace); $0.crmToken = Self.crmToken }) { server throws in
                var answers: [String] = []
                let record = { (reply: APIClient.Reply) in answers.append(reply.text) }
                let admin = APIClient(baseURL: server.baseURL)
                record(try await admin.login("admin", "WrongPass-1234"))
                record(try await admin.login("admin", "admin"))
                let basic = Data("admin:WrongPass-1234".utf8).base64EncodedString()
                record(try await APIClient(baseURL: server.baseURL).request(.GET, "/api/me", headers: [("Authorization", "Basic \(basic)")]))
                record(try await admin.json(.POST, "/api/managers", ["name": "Новый", "login": "novy", "password": "NewManagerPass-77", "pbx_account": "novy"]))
                let novy = try await APIClient.loggedIn(server, "novy", "NewManagerPass-77")
                record(try await novy.json(.POST, "/api/me/password", ["old": "WrongPass-1234", "new": "ChangedPass-2024"]))
                record(try await novy.json(.POST, "/api/me/password", ["old": "NewManagerPass-77", "new": "ChangedPass-2024"]))
                record(try await admin.json(.POST, "/api/pbx/connect", ["base_url": pbx.baseURL, "login": "admin", "password": "WrongPass-1234"]))
                record(try await admin.json(.POST, "/api/pbx/connect", ["base_url": pbx.baseURL, "login": "admin", "password": Self.pbxPassword]))
                record(try await admin.get("/api/pbx"))
                record(try await admin.get("/api/pbx/accounts"))
                record(try await admin.json(.POST, "/api/calls/dial", ["phone": "+7 916 123-45-67"]))
                let integration = APIClient(baseURL: server.baseURL)
                for parameters: PBXParameters in [
                    ["cmd": "users"], ["cmd": "contact", "phone": "79161234567", "callid": "SL-1"],
                    ["cmd": "event", "type": "INCOMING", "phone": "79161234567", "user": "ivanov", "callid": "SL-1"],
                    ["cmd": "history", "type": "in", "phone": "79161234567", "user": "ivanov", "duration": "4", "callid": "SL-1", "token": Self.crmToken],
                    ["cmd": "rating", "callid": "SL-1", "rating": "5"],
                ] {
                    for wire in Wire.allCases {
                        var signed = parameters
                        signed.append("crm_token", Self.crmToken)
                        record(try await integration.pbx(signed, as: wire))
                    }
                    var wrong = parameters
                    wrong.append("crm_token", Self.crmToken + "x")
                    record(try await integration.pbx(wrong))
                }
                record(try await admin.get("/api/journal?limit=1000"))
                record(try await admin.get("/api/events?callid=SL-1"))
                record(try await admin.get("/api/calls?callid=SL-1"))
                record(try await admin.get("/metrics"))
                record(try await admin.get("/api/managers"))
                await server.crm.journal.flush()
                let pbxToken = try #require(server.crm.integration.settings.pbxToken)
                let crmToken = server.crm.integration.settings.crmToken
                let secrets = [crmToken, Self.crmToken, pbxToken] + Self.passwords
                let places: [(String, [String])] = [("log", log.all), ("answers", answers)]
                for (place, texts) in places {
                    for secret in secrets {
                        let leaks = texts.filter { $0.contains(secret) }
                        #expect(leaks.isEmpty, "\(place) shows a secret: \(leaks.first?.prefix(300) ?? "")")
                    }
                }
                #expect(log.all.count > 20, "the log was captured")
            }
        }
    }
}
