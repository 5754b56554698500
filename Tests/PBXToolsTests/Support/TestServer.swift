import AsyncHTTPClient
import CRMServer
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A real MiniCRM on a loopback port chosen by the OS, with its own SQLite file (the pattern of
/// CRMServerTests' TestServer): the CRM the simulator and the conformance checker talk to over HTTP.
struct TestServer: Sendable {
    let baseURL: String
    let port: Int
    let crmToken: String
    let databasePath: String
    let crm: MiniCRM
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    static let token = "test-crm-token"

    /// Starts a server; `seed` loads SeedData/demo.json, otherwise the database starts empty.
    static func start(
        databasePath: String = TestServer.temporaryDatabase(), seed: Bool = false,
        configure: (inout AppConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var configuration = AppConfiguration(
            port: 0, databasePath: databasePath, crmToken: token, seedPath: seed ? ResourceLocator.defaultSeedPath : nil,
            logLevel: .warning, onServerRunning: { port in continuation.yield(port) }
        )
        configure(&configuration)
        let (application, crm) = try await buildMiniCRM(configuration)
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: Logger(label: "test"))
        )
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return TestServer(
            baseURL: "http://127.0.0.1:\(port)", port: port, crmToken: configuration.crmToken ?? token, databasePath: databasePath,
            crm: crm, group: group, task: task
        )
    }

    /// A graceful shutdown, as SIGTERM does it: open requests finish, the journal is flushed.
    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-test-\(UUID().uuidString).sqlite").path
    }

    var integrationURL: String { baseURL + "/crm_integration" }
}

/// Runs `body` against a fresh server and always stops it.
func withServer<T: Sendable>(
    seed: Bool = false, databasePath: String = TestServer.temporaryDatabase(),
    configure: (inout AppConfiguration) -> Void = { _ in }, _ body: (TestServer) async throws -> T
) async throws -> T {
    let server = try await TestServer.start(databasePath: databasePath, seed: seed, configure: configure)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
