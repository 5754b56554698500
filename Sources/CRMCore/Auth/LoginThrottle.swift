import Foundation

/// Failed logins per login name and per client address, and the exponential back-off they earn.
///
/// Kept in the database, so a restart does not reset it. An unknown login is counted like a known
/// one, so the answers do not tell which logins exist.
public struct LoginThrottle: Sendable, Equatable {
    /// The failure that brings the first pause (the earlier ones pass).
    public var freeFailures: Int
    /// The first pause; each further failure doubles it.
    public var firstPause: TimeInterval
    public var longestPause: TimeInterval
    /// Failures older than this (since the last one) are forgotten.
    public var memory: TimeInterval

    public init(freeFailures: Int, firstPause: TimeInterval = 5, longestPause: TimeInterval = 15 * 60, memory: TimeInterval = 3600) {
        self.freeFailures = freeFailures
        self.firstPause = firstPause
        self.longestPause = longestPause
        self.memory = memory
    }

    /// Per login: the 5th failure pauses it 5 s, each further one twice as long, up to 15 minutes.
    public static let perLogin = LoginThrottle(freeFailures: 5)
    /// Per client address: more room (the 20th failure), since an office shares one address.
    public static let perClient = LoginThrottle(freeFailures: 20)

    /// What one throttled name (a login or an address) has earned so far.
    public struct State: Sendable, Equatable {
        public var failures: Int
        public var lastFailureAt: Date
        public var blockedUntil: Date

        public init(failures: Int, lastFailureAt: Date, blockedUntil: Date) {
            self.failures = failures
            self.lastFailureAt = lastFailureAt
            self.blockedUntil = blockedUntil
        }
    }

    /// The state after one more failure at `now`.
    public func failing(_ state: State?, at now: Date) -> State {
        let earlier = state.flatMap { now.timeIntervalSince($0.lastFailureAt) < memory ? $0.failures : nil } ?? 0
        let failures = earlier + 1
        let over = failures - freeFailures
        guard over >= 0 else { return State(failures: failures, lastFailureAt: now, blockedUntil: now) }
        let pause = min(longestPause, firstPause * pow(2, Double(min(over, 30))))
        return State(failures: failures, lastFailureAt: now, blockedUntil: now.addingTimeInterval(pause))
    }

    /// The name under which a login is counted, and an address.
    public static func key(login: String) -> String { "login:" + login.lowercased() }
    public static func key(client: String) -> String { "client:" + client }
}
