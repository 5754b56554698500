import Foundation
import MiniCRMTesting
import Hummingbird
import Logging
import PBXProtocol
import ServiceLifecycle

/// A CRM's integration URL that answers `{}` to everything and keeps what the PBX sent.
struct StubCRM: Sendable {
    actor Inbox {
        private(set) var requests: [PBXParameters] = []
        func add(_ parameters: PBXParameters) { requests.append(parameters) }
    }

    let url: String
    let inbox: Inbox
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    static let path = "/crm_integration"

    static func start() async throws -> StubCRM {
        let inbox = Inbox()
        let router = Router(context: BasicRequestContext.self)
        router.post(RouterPath(path)) { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let parameters = try RequestBodyDecoding.parameters(
                query: request.uri.query, contentType: request.headers[.contentType], body: Array(body.readableBytesView)
            )
            await inbox.add(parameters)
            return Response(
                status: .ok, headers: [.contentType: ProtocolJSON.contentType], body: .init(byteBuffer: ByteBuffer(string: "{}"))
            )
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "stub-crm")
        logger.logLevel = .error
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw CancellationError()
        }
        return StubCRM(url: "http://127.0.0.1:\(port)\(path)", inbox: inbox, group: group, task: task)
    }

    /// Waits, boundedly, until `count` requests have arrived.
    func requests(count: Int, within limit: Duration = .seconds(5)) async throws -> [PBXParameters] {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let requests = await inbox.requests
            if requests.count >= count { return requests }
            try await Task.sleep(for: .milliseconds(10))
        }
        return await inbox.requests
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
