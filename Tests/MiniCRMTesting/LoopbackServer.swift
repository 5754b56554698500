public import Hummingbird
public import Logging
import ServiceLifecycle

/// An HTTP service a test runs on a loopback port the OS picks, in a service group of its own,
/// until `stop()`: the stub and broken CRMs the tools are tested against, and MiniCRM itself.
public struct LoopbackServer: Sendable {
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// `makeService` builds the service, which calls `onServerRunning` with its port once it listens.
    public static func start(
        logger: Logger, _ makeService: (_ onServerRunning: @escaping @Sendable (Int) async -> Void) async throws -> any Service
    ) async throws -> LoopbackServer {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let service = try await makeService { port in continuation.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [service], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw CancellationError()
        }
        return LoopbackServer(port: port, group: group, task: task)
    }

    /// Serves `router` on 127.0.0.1.
    public static func start<Router: HTTPResponderBuilder>(router: Router, logger: Logger) async throws -> LoopbackServer
    where Router.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        try await start(logger: logger) { onServerRunning in
            Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) }, logger: logger
            )
        }
    }

    /// A graceful shutdown, as SIGTERM does it: open requests finish first.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
