import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

@Suite struct JournalAPITests {
    @Test func onlyAdminsReadTheJournalAndEvents() async throws {
        try await withServer(seed: true) { server in
            let manager = try await APIClient.loggedIn(server, "ivanov")
            #expect(try await manager.get("/api/journal").status == 403)
            #expect(try await manager.get("/api/events?callid=x").status == 403)
            let admin = try await APIClient.admin(server)
            #expect(try await admin.get("/api/journal").status == 200)
            #expect(try await admin.get("/api/events?callid=x").status == 200)
            #expect(try await admin.get("/api/events").status == 400)
        }
    }

    @Test func everyRequestIsJournaledWithItsStatusAndLatencyIncludingRefusals() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let token = server.crmToken
            _ = try await pbx.pbx(["cmd": "contact", "phone": "79161234567", "callid": "J-1", "crm_token": token])
            _ = try await pbx.pbx(["cmd": "event", "type": "INCOMING", "phone": "79161234567", "user": "ivanov", "callid": "J-1", "crm_token": token])
            _ = try await pbx.pbx(["cmd": "event", "type": "RINGING", "phone": "79161234567", "user": "ivanov", "callid": "J-1", "crm_token": token], as: .json)
            _ = try await pbx.pbx(["cmd": "event", "type": "INCOMING", "phone": "79161234567", "user": "ivanov", "callid": "J-1", "crm_token": "stolen"])
            _ = try await pbx.pbx(["cmd": "bogus", "callid": "J-1", "crm_token": token], as: .multipart)
            _ = try await pbx.request(
                .POST, "/crm_integration?callid=J-1&crm_token=\(token)", body: Array(String(repeating: "x", count: 70_000).utf8),
                contentType: "application/x-www-form-urlencoded"
            )
            _ = try await pbx.pbx(["cmd": "contact", "phone": "79161234567", "callid": "OTHER", "crm_token": token])

            let admin = try await APIClient.admin(server)
            let journal = try await admin.get("/api/journal?callid=J-1")
            #expect(journal.status == 200)
            let entries = journal.items
            try #require(entries.count == 5, "\(journal.text)")
            #expect(entries.map { $0["status"] as? Int } == [200, 200, 400, 400, 413])
            #expect(entries.map { $0["cmd"] as? String } == ["contact", "event", "event", "bogus", nil])
            for entry in entries {
                #expect((entry["latency_ms"] as? Double).map { $0 >= 0 } == true)
                #expect((entry["time"] as? String)?.hasSuffix("Z") == true)
                #expect(entry["client"] as? String == "127.0.0.1")
                let params = entry["params"] as? [String: String] ?? [:]
                #expect(params["crm_token"] == "***")
                #expect(params["callid"] == "J-1")
            }
            #expect(entries[0]["error"] == nil || entries[0]["error"] is NSNull)
            for refused in entries[2...] {
                #expect((refused["error"] as? String)?.isEmpty == false)
            }
            #expect((entries[0]["params"] as? [String: String])?["phone"] == "79161234567")

            // The wrong token's request is kept only as a summary: who, what, how big; not its parameters.
            let everything = try await admin.get("/api/journal")
            let refusal = try #require(everything.items.first { $0["status"] as? Int == 401 })
            #expect(refusal["cmd"] as? String == "event")
            #expect(refusal["client"] as? String == "127.0.0.1")
            #expect((refusal["request_bytes"] as? Int).map { $0 > 50 } == true)
            #expect((refusal["params"] as? [String: String])?.isEmpty == true)
            #expect(refusal["callid"] == nil)
            #expect(!everything.text.contains(token))
            #expect(!everything.text.contains("stolen"))
        }
    }

    @Test func theJournalFiltersByCommand() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            _ = try await pbx.pbx(["cmd": "users", "crm_token": server.crmToken])
            _ = try await pbx.pbx(["cmd": "contact", "phone": "1", "callid": "F-1", "crm_token": server.crmToken])
            _ = try await pbx.pbx(["cmd": "users", "crm_token": server.crmToken])
            let admin = try await APIClient.admin(server)
            let users = try await admin.get("/api/journal?cmd=users").items
            #expect(users.count == 2)
            #expect(users.allSatisfy { $0["cmd"] as? String == "users" })
            let limited = try await admin.get("/api/journal?limit=1").items
            #expect(limited.map { $0["cmd"] as? String } == ["users"])
        }
    }

    @Test func theJournalKeepsUnicodeParametersAsSent() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            _ = try await pbx.pbx(
                ["cmd": "event", "type": "INCOMING", "phone": "79161234567", "user": "ivanov", "callid": "U-J", "groupRealName": "Отдел продаж №1", "crm_token": server.crmToken],
                as: .multipart
            )
            let admin = try await APIClient.admin(server)
            let entry = try #require(try await admin.get("/api/journal?callid=U-J").items.first)
            #expect((entry["params"] as? [String: String])?["groupRealName"] == "Отдел продаж №1")
        }
    }
}
