import Foundation
import MiniCRMTesting
import Hummingbird
import Logging
import PBXProtocol

/// A CRM's integration URL that answers `{}` to everything and keeps what the PBX sent.
struct StubCRM: Sendable {
    actor Inbox {
        private(set) var requests: [PBXParameters] = []
        func add(_ parameters: PBXParameters) { requests.append(parameters) }
    }

    let url: String
    let inbox: Inbox
    private let server: LoopbackServer

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
        var logger = Logger(label: "stub-crm")
        logger.logLevel = .error
        let server = try await LoopbackServer.start(router: router, logger: logger)
        return StubCRM(url: "http://127.0.0.1:\(server.port)\(path)", inbox: inbox, server: server)
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
        await server.stop()
    }
}
