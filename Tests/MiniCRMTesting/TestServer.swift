import AsyncHTTPClient
public import CRMServer
import Foundation
import Hummingbird
import Logging

/// A real MiniCRM on a loopback port chosen by the OS, with its own SQLite file: the server every
/// test target talks to over HTTP.
public struct TestServer: Sendable {
    public let baseURL: String
    public let port: Int
    public let crmToken: String
    public let databasePath: String
    public let crm: MiniCRM
    private let server: LoopbackServer

    public static let token = "test-crm-token"

    /// Starts a server; with `seed` a new database starts as a copy of the demo seed (see
    /// `SeedTemplate`), otherwise it starts empty. `configure` may set `seedPath` to seed as `minicrm serve` does.
    public static func start(
        databasePath: String = TestServer.temporaryDatabase(), seed: Bool = false,
        configure: (inout AppConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        if seed, !FileManager.default.fileExists(atPath: databasePath) {
            try await SeedTemplate.shared.copy(to: databasePath)
        }
        var crm: MiniCRM?
        let server = try await LoopbackServer.start(logger: Logger(label: "test")) { onServerRunning in
            var configuration = AppConfiguration(
                // The copied template is not empty, so the seed file is only read by an admin's reset.
                port: 0, databasePath: databasePath, crmToken: token, seedPath: seed ? ResourceLocator.defaultSeedPath : nil,
                logLevel: .warning, onServerRunning: onServerRunning
            )
            // The tests drive the test controls, and their fake PBXes listen on loopback; tests of
            // the production defaults switch these off again in `configure`.
            configuration.testControls = true
            configuration.allowPrivatePBX = true
            configure(&configuration)
            let (application, built) = try await buildMiniCRM(configuration)
            crm = built
            return application
        }
        let port = server.port
        return TestServer(
            // The token in force: the configured one, or the one the server generated and stored.
            baseURL: "http://127.0.0.1:\(port)", port: port, crmToken: crm!.integration.settings.crmToken, databasePath: databasePath,
            crm: crm!, server: server
        )
    }

    /// A graceful shutdown, as SIGTERM does it: open requests finish, the journal is flushed.
    public func stop() async {
        await server.stop()
    }

    public static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-test-\(UUID().uuidString).sqlite").path
    }

    /// Removes a database file and its WAL companions.
    public static func removeDatabase(at path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    public var integrationURL: String { baseURL + "/crm_integration" }
}

/// Runs `body` against a fresh server and always stops it; a database it made itself is removed afterwards.
public func withServer<T: Sendable>(
    seed: Bool = false, databasePath: String? = nil, configure: (inout AppConfiguration) -> Void = { _ in },
    _ body: (TestServer) async throws -> T
) async throws -> T {
    let path = databasePath ?? TestServer.temporaryDatabase()
    defer { if databasePath == nil { TestServer.removeDatabase(at: path) } }
    await ServerSlots.shared.acquire()
    let outcome: Result<T, any Error>
    do {
        let server = try await TestServer.start(databasePath: path, seed: seed, configure: configure)
        do {
            outcome = .success(try await body(server))
        } catch {
            outcome = .failure(error)
        }
        await server.stop()
    } catch {
        outcome = .failure(error)
    }
    await ServerSlots.shared.release()
    return try outcome.get()
}

/// How many test servers run at once. Swift Testing starts every test together; a hundred servers
/// sharing two cores would make each request wait seconds, so servers take turns in small groups.
/// This bounds the suite's pressure on the machine, not its correctness: each test still runs alone
/// against its own server.
actor ServerSlots {
    static let shared = ServerSlots(count: max(4, ProcessInfo.processInfo.activeProcessorCount * 2))

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) {
        free = count
    }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
