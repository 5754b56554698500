import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

/// What a PBX team's end-to-end test relies on between its tests: `reset` returns to its own data,
/// not the demo's, and an admin can always log in.
@Suite struct DataSetTests {
    static var e2e: [String: Any] { [
        "managers": [["id": "qa1", "name": "QA One", "login": "qa1", "password": "secret", "pbx_account": "qa1"]],
        "contacts": [["name": "Test Caller", "company": "QA", "phones": ["+7 (999) 123-00-01"], "responsible": "qa1"]],
    ] }

    func load(_ client: APIClient, _ file: [String: Any], append: Bool = false) async throws -> APIClient.Reply {
        let body = try JSONSerialization.data(withJSONObject: file)
        return try await client.request(
            .POST, "/api/admin/load" + (append ? "?mode=append" : ""), body: Array(body), contentType: "application/json"
        )
    }

    func basic(_ login: String, _ password: String) -> [(String, String)] {
        [("Authorization", "Basic " + Data("\(login):\(password)".utf8).base64EncodedString())]
    }

    func status(_ server: TestServer, _ login: String, _ password: String) async throws -> APIClient.Reply {
        try await APIClient(baseURL: server.baseURL).request(.GET, "/api/admin/status", headers: basic(login, password))
    }

    func lookUp(_ server: TestServer, _ phone: String) async throws -> String {
        try await APIClient(baseURL: server.baseURL).form(
            "/crm_integration", ["cmd": "contact", "phone": phone, "callid": "DS-1", "crm_token": server.crmToken]
        ).text
    }

    @Test func resetReturnsToTheLastLoadedDataSetAlsoAfterARestart() async throws {
        let path = TestServer.temporaryDatabase()
        defer { TestServer.removeDatabase(at: path) }
        try await withServer(seed: true, databasePath: path) { server in
            let admin = APIClient(baseURL: server.baseURL)
            #expect(try await admin.login("admin", "admin").status == 200)
            #expect(try await load(admin, Self.e2e).json["contacts"] as? Int == 1)
            #expect(try await admin.json(.POST, "/api/contacts", ["name": "Made by a test", "phones": ["79995550000"]]).status == 201)

            let reset = try await admin.request(.POST, "/api/admin/reset")
            #expect(reset.status == 200)
            #expect(reset.json["contacts"] as? Int == 1, "back to the loaded data, not the demo's 70 contacts")
            #expect(try await lookUp(server, "79995550000") == "{}")
            #expect(try await lookUp(server, "79991230001").contains("Test Caller"))
            #expect(try await admin.get("/api/me").status == 200, "the admin who reset keeps their session")

            let more = ["contacts": [["name": "Appended", "phones": ["79991230002"]]]]
            #expect(try await load(admin, more, append: true).json["contacts"] as? Int == 2)
            #expect(try await admin.request(.POST, "/api/admin/reset").json["contacts"] as? Int == 2)

            // The data set is kept with hashes, never the passwords.
            let kept = try #require(try await server.crm.store.savedDataSet())
            #expect(kept.managers.map(\.password) == [nil])
            #expect(kept.managers.first?.passwordHash?.hasPrefix("$2") == true)
        }
        try await withServer(databasePath: path) { server throws in
            let admin = APIClient(baseURL: server.baseURL)
            #expect(try await admin.login("admin", "admin").status == 200)
            #expect(try await admin.request(.POST, "/api/admin/reset").json["contacts"] as? Int == 2)
            #expect(try await APIClient(baseURL: server.baseURL).login("qa1", "secret").status == 200)
        }
    }

    @Test func withoutSeedDataTheAdminAccountExistsWithTheConfiguredPassword() async throws {
        try await withServer(seed: false) { server in
            #expect(try await status(server, "admin", "admin").status == 200)
            #expect(try await APIClient(baseURL: server.baseURL).login("admin", "admin").status == 200)
            let admin = APIClient(baseURL: server.baseURL)
            try await admin.login("admin", "admin")
            #expect(try await admin.request(.POST, "/api/admin/reset").json["contacts"] as? Int == 0)
            #expect(try await status(server, "admin", "admin").status == 200)
        }
        try await withServer(seed: false, configure: { $0.adminPassword = "s3cret!" }) { server throws in
            #expect(try await status(server, "admin", "s3cret!").status == 200)
            #expect(try await status(server, "admin", "admin").status == 401)
        }
    }

    @Test func aSeedFileWithoutAnAdminStillGetsOne() async throws {
        let seed = FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-seed-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: seed) }
        try JSONSerialization.data(withJSONObject: Self.e2e).write(to: seed)
        try await withServer(configure: { $0.seedPath = seed.path; $0.adminPassword = "e2e-admin" }) { server throws in
            #expect(try await status(server, "admin", "e2e-admin").status == 200)
            #expect(try await status(server, "qa1", "secret").status == 403)
            #expect(try await lookUp(server, "79991230001").contains("Test Caller"))
        }
    }

    @Test func aDataSetWithAdminsOfItsOwnSaysSoWhenTheDefaultAdminTriesToLogIn() async throws {
        try await withServer(seed: true) { server in
            let admin = APIClient(baseURL: server.baseURL)
            #expect(try await admin.login("admin", "admin").status == 200)
            let own: [String: Any] = [
                "managers": [["id": "qa-admin", "name": "QA Admin", "login": "qa-admin", "password": "qa-pass", "role": "admin"]],
                "contacts": [],
            ]
            #expect(try await load(admin, own).status == 200)

            let refused = try await status(server, "admin", "admin")
            #expect(refused.status == 401)
            #expect(refused.json["error"] as? String == #"Not logged in: this data set has no account "admin" (it has admins of its own)"#)
            let form = try await APIClient(baseURL: server.baseURL).login("admin", "admin")
            #expect(form.json["error"] as? String == refused.json["error"] as? String)
            #expect(try await status(server, "qa-admin", "qa-pass").status == 200)
            // Any other wrong login is just wrong: nothing says which logins exist.
            #expect(try await status(server, "nobody", "x").json["error"] as? String == "Not logged in")
            #expect(try await APIClient(baseURL: server.baseURL).login("nobody", "x").json["error"] as? String == "Wrong login or password")
        }
    }
}
