import AsyncHTTPClient
import NIOCore

extension PBXClient {
    public struct Configuration: Sendable {
        /// The whole request: connecting, sending, and reading the answer to its last byte.
        public var requestTimeout: Duration
        /// Establishing the connection, TLS included; applies to clients made by `makeHTTPClient`.
        public var connectTimeout: Duration
        /// Longer answers are refused as malformed; an `accounts` list of thousands fits easily.
        public var maxResponseBytes: Int
        public var userAgent: String
        /// Which addresses requests may go to; a server gives the strict one (`OutboundPolicy()`).
        public var outbound: OutboundPolicy

        public init(
            requestTimeout: Duration = .seconds(10), connectTimeout: Duration = .seconds(3), maxResponseBytes: Int = 8 << 20,
            userAgent: String = "MiniCRM", outbound: OutboundPolicy = .unrestricted
        ) {
            self.requestTimeout = requestTimeout
            self.connectTimeout = connectTimeout
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
            self.outbound = outbound
        }
    }

    /// An `HTTPClient` set up for PBX requests. The caller owns it and shuts it down (`OwningPBXClient`
    /// does both).
    ///
    /// TLS verifies against the system trust store. Redirects are not followed: a PBX API that
    /// redirects is misconfigured, and following would re-post the password wherever it points.
    /// A refused connection fails at once instead of being retried until the deadline.
    public static func makeHTTPClient(configuration: Configuration = Configuration()) -> HTTPClient {
        HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration(configuration))
    }

    static func httpConfiguration(_ configuration: Configuration, pinning host: String? = nil, to address: String? = nil)
        -> HTTPClient.Configuration
    {
        var httpConfiguration = HTTPClient.Configuration()
        if let host, let address { httpConfiguration.dnsOverride = [host: address] }
        httpConfiguration.redirectConfiguration = .disallow
        httpConfiguration.timeout = .init(
            connect: .nanoseconds(configuration.connectTimeout.nanoseconds),
            read: .nanoseconds(configuration.requestTimeout.nanoseconds)
        )
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        return httpConfiguration
    }
}
