import Foundation
import MiniCRMTesting
import Testing

@testable import CRMServer

@Suite struct SessionPersistenceTests {
    @Test func aLoginSurvivesARestartAndLogoutEndsIt() async throws {
        let database = TestServer.temporaryDatabase()
        let first = try await TestServer.start(databasePath: database, seed: true)
        let client = APIClient(baseURL: first.baseURL)
        #expect(try await client.login("ivanov", "demo").status == 200)
        let cookie = try #require(client.cookie)
        await first.stop()

        let second = try await TestServer.start(databasePath: database)
        let again = APIClient(baseURL: second.baseURL, cookie: cookie)
        let me = try await again.get("/api/me")
        #expect(me.status == 200)
        #expect(me.json["id"] as? String == "ivanov")
        #expect(try await again.request(.POST, "/api/logout").status == 200)
        let after = APIClient(baseURL: second.baseURL, cookie: cookie)
        #expect(try await after.get("/api/me").status == 401)
        await second.stop()
    }
}

@Suite struct TokenOverrideTests {
    @Test func aTokenGivenOnTheCommandLineIsNeverStored() async throws {
        let database = TestServer.temporaryDatabase()
        let generated = try await TestServer.start(databasePath: database, configure: { $0.crmToken = nil })
        let stored = generated.crmToken
        await generated.stop()

        let overridden = try await TestServer.start(databasePath: database, configure: { $0.crmToken = "from-the-flag" })
        #expect(overridden.crmToken == "from-the-flag")
        try await overridden.crm.integration.updateSettings { $0.selfMap = true }  // any other change of settings
        await overridden.stop()

        let again = try await TestServer.start(databasePath: database, configure: { $0.crmToken = nil })
        #expect(again.crmToken == stored)
        #expect(again.crm.integration.settings.selfMap)
        await again.stop()
        TestServer.removeDatabase(at: database)
    }
}
