import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// A client for the PBX tools that are not given one. Like a PBX it does not retry a refused
    /// connection until the deadline, and it keeps enough connections open for a burst (the
    /// shared client queues beyond 8, which a latency check would measure as the CRM's time).
    public static let pbxTools = HTTPClient.makePBXClient(connections: 64)

    static func makePBXClient(connections: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, connections)
        )
        pool.retryConnectionEstablishment = false
        configuration.connectionPool = pool
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Runs `body` with a client of its own that keeps up to `connections` requests in flight,
    /// and shuts the client down afterwards.
    public static func withConnections<Result>(
        _ connections: Int, isolation: isolated (any Actor)? = #isolation, _ body: (HTTPClient) async throws -> Result
    ) async throws -> Result {
        let client = makePBXClient(connections: connections)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

extension CRMEndpointClient {
    /// Runs `body` with a client of its own that keeps up to `connections` requests in flight.
    public static func withConnections<Result>(
        _ connections: Int, url: String, token: String, timeout: Duration = .seconds(10), isolation: isolated (any Actor)? = #isolation,
        _ body: (CRMEndpointClient) async throws -> Result
    ) async throws -> Result {
        try await HTTPClient.withConnections(connections) { httpClient in
            try await body(CRMEndpointClient(url: url, token: token, httpClient: httpClient, timeout: timeout))
        }
    }
}
