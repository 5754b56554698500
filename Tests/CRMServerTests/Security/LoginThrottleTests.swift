import Foundation
import MiniCRMTesting
import NIOHTTP1
import Testing
import CRMCore

@testable import CRMServer

/// Login throttling: per login and per client address, in the database, the same for logins that
/// exist and those that do not, for the login form and for HTTP Basic alike.
@Suite struct LoginThrottleTests {
    @Test func afterFiveFailuresALoginIsPausedWithRetryAfterEvenWithTheRightPassword() async throws {
        try await withServer(seed: true) { server throws in
            let client = APIClient(baseURL: server.baseURL)
            for _ in 0..<5 { #expect(try await client.login("ivanov", "wrong").status == 401) }
            let paused = try await client.login("ivanov", "demo")
            #expect(paused.status == 429)
            #expect(Int(paused.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            #expect((paused.json["error"] as? String)?.hasPrefix("Too many failed logins") == true)
            // Another login from the same address is not paused by ivanov's failures.
            #expect(try await client.login("petrova", "demo").status == 200)
        }
    }

    @Test func anUnknownLoginIsAnsweredAsAKnownOneIs() async throws {
        try await withServer(seed: true) { server throws in
            let client = APIClient(baseURL: server.baseURL)
            var known: [Int] = []
            var unknown: [Int] = []
            for _ in 0..<6 {
                known.append(try await client.login("smirnova", "wrong").status)
                unknown.append(try await client.login("nobody-here", "wrong").status)
            }
            #expect(known == [401, 401, 401, 401, 401, 429])
            #expect(unknown == known)
        }
    }

    @Test func httpBasicGoesThroughTheSameThrottle() async throws {
        try await withServer(seed: true) { server throws in
            let client = APIClient(baseURL: server.baseURL)
            func basic(_ password: String) async throws -> Int {
                let credentials = Data("kozlov:\(password)".utf8).base64EncodedString()
                return try await client.request(.GET, "/api/me", headers: [("Authorization", "Basic \(credentials)")]).status
            }
            for _ in 0..<3 { #expect(try await basic("wrong") == 401) }
            for _ in 0..<2 { #expect(try await client.login("kozlov", "wrong").status == 401) }
            #expect(try await basic("demo") == 429)
            #expect(try await client.login("kozlov", "demo").status == 429)
        }
    }

    @Test func aSuccessfulLoginResetsTheCount() async throws {
        try await withServer(seed: true) { server throws in
            let client = APIClient(baseURL: server.baseURL)
            for _ in 0..<4 { #expect(try await client.login("volkova", "wrong").status == 401) }
            #expect(try await client.login("volkova", "demo").status == 200)
            for _ in 0..<5 { #expect(try await client.login("volkova", "wrong").status == 401) }
            #expect(try await client.login("volkova", "demo").status == 429)
        }
    }

    @Test func theThrottleSurvivesARestart() async throws {
        let path = TestServer.temporaryDatabase()
        defer { TestServer.removeDatabase(at: path) }
        // A pause longer than a restart takes, however slow the machine.
        let slow: (inout AppConfiguration) -> Void = { $0.loginThrottles.perLogin = LoginThrottle(freeFailures: 5, firstPause: 600) }
        try await withServer(seed: true, databasePath: path, configure: slow) { server throws in
            let client = APIClient(baseURL: server.baseURL)
            for _ in 0..<5 { _ = try await client.login("ivanov", "wrong") }
        }
        try await withServer(seed: true, databasePath: path, configure: slow) { server throws in
            #expect(try await APIClient(baseURL: server.baseURL).login("ivanov", "demo").status == 429)
        }
    }

    /// The client address has its own, roomier, count: twenty failures across logins pause it.
    @Test func oneAddressTryingManyLoginsIsPausedToo() async throws {
        try await withServer(seed: true) { server throws in
            let client = APIClient(baseURL: server.baseURL)
            for index in 0..<20 { #expect(try await client.login("guess-\(index)", "wrong").status == 401) }
            #expect(try await client.login("admin", "admin").status == 429)
        }
    }
}
