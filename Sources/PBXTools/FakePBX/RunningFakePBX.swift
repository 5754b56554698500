import Hummingbird
import Logging
import PBXProtocol
import ServiceLifecycle

/// A fake PBX serving in-process on its own service group: for tests, and for tools that run one
/// beside MiniCRM. Start it with port 0 to let the system choose.
public struct RunningFakePBX: Sendable {
    public let pbx: FakePBX
    public let port: Int
    /// `http://host:port`: what a `PBXClient` takes as its base URL.
    public let baseURL: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Returns once the server listens; throws when it cannot (the port is taken, say).
    public static func start(_ configuration: FakePBXConfiguration = FakePBXConfiguration(port: 0)) async throws -> RunningFakePBX {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var configuration = configuration
        let reportPort = configuration.onServerRunning
        configuration.onServerRunning = { port in
            await reportPort?(port)
            continuation.yield(port)
        }
        let (application, pbx) = buildFakePBX(configuration)
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: pbx.logger)
        )
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw CancellationError()
        }
        return RunningFakePBX(
            pbx: pbx, port: port, baseURL: configuration.listeningBaseURL(port: port), group: group, task: task
        )
    }

    public var state: FakePBXState { pbx.state }
    public var loginURL: String { baseURL + PBXAPI.loginPath }
    public var commandURL: String { baseURL + PBXAPI.commandPath }

    /// A graceful shutdown: open requests finish, calls still playing back stop.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    /// A fake PBX for the length of `body`, stopped however `body` ends.
    public static func withRunning<T>(
        _ configuration: FakePBXConfiguration = FakePBXConfiguration(port: 0), _ body: (RunningFakePBX) async throws -> T
    ) async throws -> T {
        let pbx = try await start(configuration)
        do {
            let result = try await body(pbx)
            await pbx.stop()
            return result
        } catch {
            await pbx.stop()
            throw error
        }
    }
}
