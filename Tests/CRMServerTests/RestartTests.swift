import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

@Suite struct RestartTests {
    /// A database path that outlives one server, removed after the test.
    private func withDatabasePath(_ body: (String) async throws -> Void) async throws {
        let path = TestServer.temporaryDatabase()
        defer { TestServer.removeDatabase(at: path) }
        try await body(path)
    }

    @Test func dataAndSettingsSurviveARestart() async throws {
        try await withDatabasePath { path in
            let contactID = try await withServer(seed: true, databasePath: path) { server in
                let admin = try await APIClient.admin(server)
                let created = try await admin.json(.POST, "/api/contacts", ["name": "Переживёт Рестарт", "phones": ["8 926 555-44-33"], "responsible": "volkova"])
                let pbx = APIClient(baseURL: server.baseURL)
                _ = try await pbx.pbx([
                    "cmd": "history", "type": "in", "phone": "79265554433", "user": "volkova", "duration": "7", "callid": "RST-1",
                    "link": "https://records.example/rst.mp3", "crm_token": server.crmToken,
                ])
                _ = try await pbx.pbx(["cmd": "event", "type": "INCOMING", "phone": "79265554433", "user": "volkova", "callid": "RST-2", "crm_token": server.crmToken])
                try await server.crm.integration.updateSettings { $0.selfMap = true }
                #expect(try await admin.json(.POST, "/api/managers", ["name": "После", "login": "posle", "password": "secret-pw"]).status == 201)
                return try #require(created.json["id"] as? Int)
            }
            try await withServer(seed: true, databasePath: path) { server in
                #expect(server.crm.integration.settings.selfMap)
                let pbx = APIClient(baseURL: server.baseURL)
                let contact = try await pbx.pbx(["cmd": "contact", "phone": "79265554433", "callid": "RST-3", "crm_token": TestServer.token])
                #expect(contact.text == #"{"contact_name":"Переживёт Рестарт","responsible":"volkova"}"#)
                let admin = try await APIClient.loggedIn(server, "posle", "secret-pw")
                #expect(try await admin.get("/api/contacts?limit=1").json["total"] as? Int == 71)
                #expect(try await admin.get("/api/contacts/\(contactID)").json["name"] as? String == "Переживёт Рестарт")
                let call = try #require(try await admin.calls(callid: "RST-1").first)
                #expect(call["recordings"] as? [String] == ["https://records.example/rst.mp3"])
                #expect(call["contact"] as? Int == contactID)
                #expect(try await server.crm.store.legs(open: true, updatedSince: Date(timeIntervalSince1970: 0), manager: nil, limit: nil).map(\.callid) == ["RST-2"])
                // What the journal gathered before the graceful shutdown was written.
                let root = try await APIClient.admin(server)
                #expect(try await root.get("/api/journal?callid=RST-1").items.count == 1)
            }
        }
    }

    @Test func aGeneratedTokenPersistsAcrossRestarts() async throws {
        try await withDatabasePath { path in
            let generated = try await withServer(databasePath: path, configure: { $0.crmToken = nil }) { server throws in
                #expect(server.crmToken != TestServer.token)
                #expect(server.crmToken.count >= 32)
                let pbx = APIClient(baseURL: server.baseURL)
                #expect(try await pbx.pbx(["cmd": "users", "crm_token": server.crmToken]).status == 200)
                #expect(try await pbx.pbx(["cmd": "users", "crm_token": TestServer.token]).status == 401)
                return server.crmToken
            }
            try await withServer(databasePath: path, configure: { $0.crmToken = nil }) { server throws in
                #expect(server.crmToken == generated)
                let pbx = APIClient(baseURL: server.baseURL)
                #expect(try await pbx.pbx(["cmd": "users", "crm_token": generated]).status == 200)
            }
            // A configured token wins for its run without replacing the stored one.
            try await withServer(databasePath: path) { server throws in
                let pbx = APIClient(baseURL: server.baseURL)
                #expect(try await pbx.pbx(["cmd": "users", "crm_token": TestServer.token]).status == 200)
                #expect(try await pbx.pbx(["cmd": "users", "crm_token": generated]).status == 401)
            }
            try await withServer(databasePath: path, configure: { $0.crmToken = nil }) { server in
                #expect(server.crmToken == generated)
            }
        }
    }

    @Test func twoFreshDatabasesGetDifferentTokens() async throws {
        let first = try await withServer(configure: { $0.crmToken = nil }) { $0.crmToken }
        let second = try await withServer(configure: { $0.crmToken = nil }) { $0.crmToken }
        #expect(first != second)
    }
}
