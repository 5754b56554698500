import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PBXProtocol

/// Posts PBX → CRM requests to any CRM's integration URL, as a PBX would, and reports exactly what
/// came back. Shared by the fake PBX, the simulator, the conformance checker and the benchmark.
public struct CRMEndpointClient: Sendable {
    /// One request and its answer.
    public struct Exchange: Sendable {
        public var parameters: PBXParameters
        public var status: Int
        public var contentType: String?
        public var body: [UInt8]
        public var latency: Duration

        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object, or nil when it is not one.
        public func jsonObject() -> [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
    }

    public var url: String
    public var token: String
    public var httpClient: HTTPClient
    /// How long a whole request may take, body included.
    public var timeout: Duration

    public init(url: String, token: String, httpClient: HTTPClient = .shared, timeout: Duration = .seconds(10)) {
        self.url = url
        self.token = token
        self.httpClient = httpClient
        self.timeout = timeout
    }

    /// Sends a command with the configured token.
    @discardableResult
    public func send(_ request: CRMRequest, encoding: BodyEncoding = .form) async throws -> Exchange {
        try await send(parameters: request.parameters(crmToken: token), encoding: encoding)
    }

    /// Sends raw parameters — wrong tokens, missing fields — for the checks that need them.
    public func send(
        parameters: PBXParameters, encoding: BodyEncoding = .form, query: PBXParameters? = nil,
        contentTypeOverride: String? = nil, rawBody: [UInt8]? = nil
    ) async throws -> Exchange {
        let (contentType, body) = encoding.encode(parameters)
        var target = url
        if let query, !query.isEmpty { target += (url.contains("?") ? "&" : "?") + FormURLEncoding.encode(query) }
        var request = HTTPClientRequest(url: target)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentTypeOverride ?? contentType)
        request.headers.add(name: "User-Agent", value: "MiniCRM-PBXTools")
        let payload = rawBody ?? body
        request.body = .bytes(ByteBuffer(bytes: payload))
        let started = ContinuousClock.now
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        let response = try await httpClient.execute(request, deadline: deadline)
        // The deadline above stops counting once headers arrive; the body gets its own bound.
        let collected = try await withThrowingTaskGroup(of: ByteBuffer.self) { group in
            group.addTask { try await response.body.collect(upTo: 4 << 20) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HTTPClientError.deadlineExceeded
            }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
        return Exchange(
            parameters: parameters, status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
            body: Array(collected.readableBytesView), latency: ContinuousClock.now - started
        )
    }
}
