import CRMServer
import Foundation
import MiniCRMTesting
import Testing

/// Seeding as `minicrm serve` does it: from `SeedData/demo.json`, into an empty database only.
@Suite struct SeedLoadingTests {
    @Test func theDemoSeedLoadsOnceIntoAnEmptyDatabase() async throws {
        let path = TestServer.temporaryDatabase()
        defer { TestServer.removeDatabase(at: path) }
        let seedPath = try #require(ResourceLocator.defaultSeedPath)
        try await withServer(databasePath: path, configure: { $0.seedPath = seedPath }) { server in
            let admin = try await APIClient.loggedIn(server, "admin", "admin")
            #expect(try await admin.get("/api/managers").items.count == 6)
            #expect(try await admin.get("/api/contacts?limit=1").json["total"] as? Int == 70)
            #expect(try await admin.get("/api/calls?limit=1").json["total"] as? Int == 40)
            #expect(try await APIClient(baseURL: server.baseURL).login("ivanov", "demo").status == 200)
            let contact = try await APIClient(baseURL: server.baseURL).pbx(
                ["cmd": "contact", "phone": "89161234567", "callid": "SEED", "crm_token": server.crmToken]
            )
            #expect(contact.text == #"{"contact_name":"Смирнов Алексей Петрович","responsible":"ivanov"}"#)
            _ = try await admin.json(.POST, "/api/contacts", ["name": "Добавлен после сида"])
        }
        try await withServer(databasePath: path, configure: { $0.seedPath = seedPath }) { server in
            let admin = try await APIClient.loggedIn(server, "admin", "admin")
            #expect(try await admin.get("/api/contacts?limit=1").json["total"] as? Int == 71)
            #expect(try await admin.get("/api/managers").items.count == 6)
        }
    }
}
