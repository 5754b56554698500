import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

@Suite struct ManagersAPITests {
    @Test func anyoneLoggedInListsTheManagers() async throws {
        try await withServer(seed: true) { server in
            let manager = try await APIClient.loggedIn(server, "ivanov")
            let reply = try await manager.get("/api/managers")
            #expect(reply.status == 200)
            let ids = reply.items.compactMap { $0["id"] as? String }
            #expect(Set(ids) == ["admin", "ivanov", "smirnova", "petrova", "kozlov", "volkova"])
            let ivanov = try #require(reply.items.first { $0["id"] as? String == "ivanov" })
            #expect(ivanov["name"] as? String == "Иван Иванов")
            #expect(ivanov["login"] as? String == "ivanov")
            #expect(ivanov["role"] as? String == "manager")
            #expect(ivanov["pbx_account"] as? String == "ivanov")
            #expect(ivanov["active"] as? Bool == true)
            #expect(!reply.text.contains("password") && !reply.text.contains("$2"))
        }
    }

    @Test func onlyAdminsCreateManagers() async throws {
        try await withServer(seed: true) { server in
            let manager = try await APIClient.loggedIn(server, "ivanov")
            let refused = try await manager.json(.POST, "/api/managers", ["name": "Новый", "login": "novy", "password": "secret-pw"])
            #expect(refused.status == 403)
            #expect(refused.text == #"{"error":"Admins only"}"#)

            let admin = try await APIClient.admin(server)
            let created = try await admin.json(
                .POST, "/api/managers", ["name": "Новый Менеджер", "login": "novy", "password": "secret-pw", "pbx_account": "novy@acme.example"]
            )
            #expect(created.status == 201)
            #expect(created.json["id"] as? String == "novy")
            #expect(created.json["role"] as? String == "manager")
            #expect(created.json["active"] as? Bool == true)
            let novy = try await APIClient.loggedIn(server, "novy", "secret-pw")
            #expect(try await novy.get("/api/me").json["name"] as? String == "Новый Менеджер")
            // The PBX sees the new manager at once, and can map calls to them.
            let users = try await APIClient(baseURL: server.baseURL).pbx(["cmd": "users", "crm_token": server.crmToken])
            #expect((users.json["users"] as? [[String: String]])?.contains { $0["id"] == "novy" } == true)
        }
    }

    @Test(arguments: [
        (["name": "Дубль", "login": "ivanov", "password": "secret-pw"], 409),
        (["name": "Дубль", "login": "IVANOV", "password": "secret-pw"], 409),
        (["name": "Дубль", "login": "other", "id": "petrova", "password": "secret-pw"], 409),
        (["name": "Дубль", "login": "other", "password": "secret-pw", "pbx_account": "kozlov"], 409),
        (["login": "other", "password": "secret-pw"], 400),
        (["name": "X", "login": "has space", "password": "secret-pw"], 400),
        (["name": "X", "login": "иванов", "password": "secret-pw"], 400),
        (["name": "X", "login": "other", "password": "abc"], 400),
        (["name": "X", "login": "other", "password": "seven77"], 400),
        (["name": "X", "login": "other"], 400),
        (["name": "X", "login": "other", "password": "secret-pw", "role": "boss"], 400),
    ] as [([String: String], Int)])
    func conflictsAre409AndInvalidInputIs400(body: [String: String], status: Int) async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let reply = try await admin.json(.POST, "/api/managers", body)
            #expect(reply.status == status, "\(body): \(reply.text)")
            #expect((reply.json["error"] as? String)?.isEmpty == false)
            #expect(try await admin.get("/api/managers").items.count == 6)
        }
    }

    @Test func adminsUpdateAnyManager() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let updated = try await admin.json(.PATCH, "/api/managers/kozlov", ["role": "admin", "pbx_account": "kozlov@acme.example", "name": "Д. Козлов"])
            #expect(updated.status == 200)
            #expect(updated.json["role"] as? String == "admin")
            #expect(updated.json["pbx_account"] as? String == "kozlov@acme.example")
            #expect(updated.json["login"] as? String == "kozlov")
            let cleared = try await admin.json(.PATCH, "/api/managers/kozlov", ["pbx_account": nil])
            #expect(cleared.json["pbx_account"] == nil || cleared.json["pbx_account"] is NSNull)
            #expect(try await admin.json(.PATCH, "/api/managers/nobody", ["name": "X"]).status == 404)
            #expect(try await admin.json(.PATCH, "/api/managers/kozlov", ["login": "ivanov"]).status == 409)
            #expect(try await admin.json(.PATCH, "/api/managers/kozlov", ["name": ""]).status == 400)
        }
    }

    @Test func aDeactivatedManagerLeavesThePBXsUserList() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let pbx = APIClient(baseURL: server.baseURL)
            #expect(try await admin.json(.PATCH, "/api/managers/kozlov", ["active": false]).status == 200)
            let users = try await pbx.pbx(["cmd": "users", "crm_token": server.crmToken]).json["users"] as? [[String: String]] ?? []
            #expect(Set(users.compactMap { $0["id"] }) == ["admin", "ivanov", "smirnova", "petrova", "volkova"])
            // Still listed for the CRM's own users, marked inactive.
            let listed = try await admin.get("/api/managers").items.first { $0["id"] as? String == "kozlov" }
            #expect(listed?["active"] as? Bool == false)
        }
    }

    @Test func aChangedPBXAccountResolvesCallsAtOnce() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            try await server.crm.integration.updateSettings { $0.selfMap = true }
            #expect(try await admin.json(.PATCH, "/api/managers/volkova", ["pbx_account": "ext-205"]).status == 200)
            let pbx = APIClient(baseURL: server.baseURL)
            _ = try await pbx.pbx([
                "cmd": "history", "type": "in", "user": "ext-205@acme.example", "phone": "79161234567", "duration": "3", "callid": "PA-1",
                "crm_token": server.crmToken,
            ])
            #expect(try await admin.calls(callid: "PA-1").first?["manager"] as? String == "volkova")
        }
    }

    @Test func managersChangeOnlyTheirOwnName() async throws {
        try await withServer(seed: true) { server in
            let petrova = try await APIClient.loggedIn(server, "petrova")
            #expect(try await petrova.json(.PATCH, "/api/managers/ivanov", ["name": "Взлом"]).status == 403)
            #expect(try await petrova.json(.PATCH, "/api/managers/petrova", ["role": "admin"]).status == 403)
            #expect(try await petrova.json(.PATCH, "/api/managers/petrova", ["active": false]).status == 403)
            #expect(try await petrova.json(.PATCH, "/api/managers/petrova", ["pbx_account": "admin"]).status == 403)
            let renamed = try await petrova.json(.PATCH, "/api/managers/petrova", ["name": "Мария П."])
            #expect(renamed.status == 200)
            #expect(renamed.json["name"] as? String == "Мария П.")
            // Their password only through POST /api/me/password, which asks for the current one.
            #expect(try await petrova.json(.PATCH, "/api/managers/petrova", ["password": "new-password"]).status == 403)
            #expect(try await APIClient(baseURL: server.baseURL).login("petrova", "demo").status == 200)
        }
    }

    @Test func anAdminCannotLockThemselvesOut() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            #expect(try await admin.json(.PATCH, "/api/managers/admin", ["active": false]).status == 409)
            #expect(try await admin.json(.PATCH, "/api/managers/admin", ["role": "manager"]).status == 409)
            #expect(try await admin.get("/api/me").json["role"] as? String == "admin")
        }
    }
}
