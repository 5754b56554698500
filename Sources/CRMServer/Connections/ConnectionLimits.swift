import NIOCore

/// How many connections MiniCRM holds and for how long a client may take to send a request.
///
/// A slow or idle client must not pin a connection, and connections must never use up the
/// process's file descriptors: past the limit, the operating system's accept queue holds new
/// connections, and well before it, the connection idle the longest is closed to make room.
public struct ConnectionLimits: Sendable, Equatable {
    /// Connections open at once; nil derives it from the open-file limit.
    public var maximumConnections: Int?
    /// From connecting to a request's complete head.
    public var headerTimeout: TimeAmount
    /// From a request's head to the end of its body.
    public var bodyTimeout: TimeAmount
    /// A kept-alive connection waiting for its next request. Event streams are not idle: they stay.
    public var idleTimeout: TimeAmount

    public init(
        maximumConnections: Int? = nil, headerTimeout: TimeAmount = .seconds(10), bodyTimeout: TimeAmount = .seconds(30),
        idleTimeout: TimeAmount = .seconds(60)
    ) {
        self.maximumConnections = maximumConnections
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
    }

    /// Descriptors kept for the database, the journal, outgoing requests to the PBX and the runtime.
    static func reserve(forOpenFileLimit limit: Int) -> Int { max(64, limit / 8) }

    /// The connection limit for a process allowed `openFileLimit` descriptors.
    static func derivedMaximum(openFileLimit: Int) -> Int {
        max(16, min(16_384, openFileLimit - reserve(forOpenFileLimit: openFileLimit)))
    }
}
