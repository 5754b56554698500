import CRMServer
import Foundation
import MiniCRMTesting
import Testing

/// The sign-in page's demo logins: shown only while they are true, never another password.
@Suite struct DemoLoginTests {
    func shown(_ server: TestServer) async throws -> [String] {
        let reply = try await APIClient(baseURL: server.baseURL).get("/api/demo-logins")
        #expect(reply.status == 200)
        return (reply.json["items"] as? [[String: String]] ?? []).map { "\($0["login"] ?? "?") / \($0["password"] ?? "?")" }
    }

    func seeded(_ configuration: inout AppConfiguration) {
        configuration.seedPath = ResourceLocator.defaultSeedPath
    }

    @Test func seededDemoPasswordsAreShownUntilTheyChange() async throws {
        try await withServer(configure: seeded) { server throws in
            #expect(try await shown(server) == ["admin / admin", "ivanov / demo"])
            let ivanov = APIClient(baseURL: server.baseURL)
            #expect(try await ivanov.login("ivanov", "demo").status == 200)
            #expect(try await ivanov.json(.POST, "/api/me/password", ["old": "demo", "new": "my-own-secret"]).status == 200)
            #expect(try await shown(server) == ["admin / admin"])
        }
    }

    @Test func aDemoOffersItsFavouriteManager() async throws {
        try await withServer(configure: { seeded(&$0); $0.demoLogins = ["admin", "petrova"] }) { server throws in
            #expect(try await shown(server) == ["admin / admin", "petrova / demo"])
        }
    }

    @Test func nothingIsShownWhereTheDemoPasswordsWereNeverSeededOrAreReplaced() async throws {
        // No seed: the admin MiniCRM adds is not a demo login, even with the default password.
        try await withServer(seed: false) { server throws in #expect(try await shown(server).isEmpty) }
        try await withServer(configure: { seeded(&$0); $0.adminPassword = "not-the-demo" }) { server throws in
            #expect(try await shown(server) == ["ivanov / demo"])
        }
        // A data set of one's own with the demo logins but other passwords.
        try await withServer(configure: seeded) { server throws in
            let admin = APIClient(baseURL: server.baseURL)
            try await admin.login("admin", "admin")
            let own: [String: Any] = [
                "managers": [
                    ["id": "admin", "name": "Admin", "login": "admin", "password": "production-admin", "role": "admin"],
                    ["id": "ivanov", "name": "Ivanov", "login": "ivanov", "password": "production-ivanov"],
                ],
            ]
            let body = try JSONSerialization.data(withJSONObject: own)
            #expect(try await admin.request(.POST, "/api/admin/load", body: Array(body), contentType: "application/json").status == 200)
            #expect(try await shown(server).isEmpty)
        }
    }
}
