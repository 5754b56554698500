import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// The controls a PBX team's end-to-end test drives: reset, load, faults, the journal by callid.
@Suite struct AdminControlTests {
    func admin(_ server: TestServer) async throws -> APIClient {
        let client = APIClient(baseURL: server.baseURL)
        #expect(try await client.login("admin", "admin").status == 200)
        return client
    }

    func contact(_ server: TestServer, phone: String = "79161234567", callid: String = "F-1") async throws -> APIClient.Reply {
        try await APIClient(baseURL: server.baseURL).form(
            "/crm_integration", ["cmd": "contact", "phone": phone, "callid": callid, "crm_token": server.crmToken]
        )
    }

    @Test func resetBringsBackTheSeedState() async throws {
        try await withServer(seed: true) { server in
            let admin = try await admin(server)
            let created = try await admin.json(.POST, "/api/contacts", ["name": "Temporary", "phones": ["79995550000"]])
            #expect(created.status == 201)
            let deleted = try await admin.request(.DELETE, "/api/contacts/1")
            #expect(deleted.status == 204)

            let reset = try await admin.request(.POST, "/api/admin/reset")
            #expect(reset.status == 200)
            #expect(reset.json["contacts"] as? Int == 70)
            #expect(try await contact(server, phone: "79995550000").text == "{}")
            #expect(try await contact(server).json["contact_name"] as? String == "Смирнов Алексей Петрович")
            // The session survives: the admin is still there.
            #expect(try await admin.get("/api/me").status == 200)
        }
    }

    @Test func loadReplacesOrAppendsAndKeepsTheAdmins() async throws {
        try await withServer(seed: true) { server in
            let admin = try await admin(server)
            let file: [String: Any] = [
                "managers": [["id": "qa1", "name": "QA One", "login": "qa1", "password": "secret", "pbx_account": "qa1"]],
                "contacts": [["name": "Test Caller", "company": "QA", "phones": ["8 (999) 123-00-01"], "responsible": "qa1"]],
            ]
            let body = try JSONSerialization.data(withJSONObject: file)
            let loaded = try await admin.request(.POST, "/api/admin/load", body: Array(body), contentType: "application/json")
            #expect(loaded.status == 200)
            #expect(loaded.json["contacts"] as? Int == 1)
            #expect(try await contact(server, phone: "79991230001").json["responsible"] as? String == "qa1")
            #expect(try await contact(server).text == "{}")
            #expect(try await admin.get("/api/me").status == 200)

            let more = try JSONSerialization.data(withJSONObject: ["contacts": [["name": "Second", "phones": ["79991230002"]]]])
            let appended = try await admin.request(.POST, "/api/admin/load?mode=append", body: Array(more), contentType: "application/json")
            #expect(appended.json["contacts"] as? Int == 2)

            let manager = APIClient(baseURL: server.baseURL)
            #expect(try await manager.login("qa1", "secret").status == 200)
            #expect(try await manager.request(.POST, "/api/admin/reset").status == 403)
        }
    }

    @Test func forcedStatusAndBodyForOneCommandOnly() async throws {
        try await withServer(seed: true) { server in
            let admin = try await admin(server)
            let set = try await admin.json(.PUT, "/api/admin/faults/contact", ["status": 503, "body": #"{"error":"maintenance"}"#])
            #expect(set.status == 200)
            let faulty = try await contact(server)
            #expect(faulty.status == 503)
            #expect(faulty.text == #"{"error":"maintenance"}"#)
            let users = try await APIClient(baseURL: server.baseURL).form("/crm_integration", ["cmd": "users", "crm_token": server.crmToken])
            #expect(users.status == 200)

            #expect(try await admin.request(.DELETE, "/api/admin/faults/contact").status == 200)
            #expect(try await contact(server).status == 200)
        }
    }

    @Test func faultsCountDownAndApplyToEveryCommandWithAStar() async throws {
        try await withServer(seed: true) { server in
            let admin = try await admin(server)
            #expect(try await admin.json(.PUT, "/api/admin/faults/*", ["status": 500, "remaining": 2]).status == 200)
            #expect(try await contact(server).status == 500)
            #expect(try await contact(server).status == 500)
            #expect(try await contact(server).status == 200)
            let left = try await admin.get("/api/admin/faults")
            #expect(left.text == "{}")
        }
    }

    @Test func delayedAnswersStillArriveAndAreJournaled() async throws {
        try await withServer(seed: true) { server in
            let admin = try await admin(server)
            #expect(try await admin.json(.PUT, "/api/admin/faults/contact", ["delay_ms": 300]).status == 200)
            let started = ContinuousClock.now
            let slow = try await contact(server, callid: "SLOW-1")
            #expect(slow.status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            let journal = try await admin.get("/api/journal?callid=SLOW-1")
            let entries = try #require(journal.json["items"] as? [[String: Any]])
            #expect(entries.count == 1)
            #expect((entries.first?["latency_ms"] as? Double ?? 0) >= 300)
        }
    }

    @Test func droppedConnectionGivesThePBXNoAnswerAtAll() async throws {
        try await withServer(seed: true) { server in
            let admin = try await admin(server)
            #expect(try await admin.json(.PUT, "/api/admin/faults/history", ["drop": true]).status == 200)
            await #expect(throws: (any Error).self) {
                _ = try await APIClient(baseURL: server.baseURL).form(
                    "/crm_integration",
                    [
                        "cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "5", "callid": "DROP-1",
                        "crm_token": server.crmToken,
                    ]
                )
            }
            let journal = try await admin.get("/api/journal?callid=DROP-1")
            // The HTTP client may retry a request whose connection died before any answer: each try is journaled.
            let entries = try #require(journal.json["items"] as? [[String: Any]])
            #expect(!entries.isEmpty)
            #expect(entries.allSatisfy { ($0["error"] as? String)?.contains("drop") == true }, "\(entries)")
            let calls = try await admin.get("/api/calls?callid=DROP-1")
            #expect(calls.json["total"] as? Int == 0)
        }
    }

    @Test func journalByCallidShowsExactlyWhatTheCRMReceived() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            for type in ["INCOMING", "ACCEPTED", "COMPLETED"] {
                _ = try await pbx.form(
                    "/crm_integration",
                    ["cmd": "event", "type": type, "phone": "79161234567", "user": "ivanov", "callid": "J-1", "crm_token": server.crmToken]
                )
            }
            _ = try await pbx.form("/crm_integration", ["cmd": "event", "type": "INCOMING", "callid": "J-2", "crm_token": server.crmToken])
            let admin = try await admin(server)
            let journal = try await admin.get("/api/journal?callid=J-1")
            let entries = try #require(journal.json["items"] as? [[String: Any]])
            #expect(entries.map { ($0["params"] as? [String: String])?["type"] } == ["INCOMING", "ACCEPTED", "COMPLETED"])
            #expect(entries.allSatisfy { ($0["params"] as? [String: String])?["crm_token"] == "***" })
            #expect(entries.allSatisfy { $0["status"] as? Int == 200 })
        }
    }

    @Test func scriptsMayUseBasicCredentials() async throws {
        try await withServer(seed: true) { server in
            let basic = "Basic " + Data("admin:admin".utf8).base64EncodedString()
            let client = APIClient(baseURL: server.baseURL)
            let accepted = try await client.request(.GET, "/api/me", headers: [("Authorization", basic)])
            #expect(accepted.status == 200)
            let wrong = "Basic " + Data("admin:nope".utf8).base64EncodedString()
            let refused = try await client.request(.GET, "/api/me", headers: [("Authorization", wrong)])
            #expect(refused.status == 401)
        }
    }
}
