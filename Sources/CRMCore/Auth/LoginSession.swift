import Foundation

/// A browser's login: who, since when, and when last seen, under the random value its cookie carries.
public struct LoginSession: Sendable, Equatable {
    public var key: SessionKey
    public var manager: ManagerID
    public var createdAt: Date
    public var lastSeenAt: Date

    public init(key: SessionKey, manager: ManagerID, createdAt: Date, lastSeenAt: Date) {
        self.key = key
        self.manager = manager
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}

/// A session cookie's value: 192 random bits (`SecretToken`), the session's key in the database.
public struct SessionKey: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// A fresh unguessable key.
    public static func generate() -> SessionKey { SessionKey(SecretToken.generate()) }

    /// Never the key itself: log lines and error messages cannot leak a session.
    public var description: String { "session" }
}

/// How long a login lasts: `idle` without a request, `absolute` whatever happens.
public struct SessionPolicy: Sendable, Equatable {
    public var idle: TimeInterval
    public var absolute: TimeInterval
    /// A session's last-seen time is written at most this often (not on every request).
    public var touchInterval: TimeInterval

    public init(idle: TimeInterval = 12 * 3600, absolute: TimeInterval = 7 * 24 * 3600, touchInterval: TimeInterval = 60) {
        self.idle = idle
        self.absolute = absolute
        self.touchInterval = touchInterval
    }

    /// When `session` ends if nothing touches it again.
    public func expiry(of session: LoginSession) -> Date {
        min(session.lastSeenAt.addingTimeInterval(idle), session.createdAt.addingTimeInterval(absolute))
    }

    public func isLive(_ session: LoginSession, at now: Date) -> Bool {
        now < expiry(of: session)
    }

    public func needsTouch(_ session: LoginSession, at now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeenAt) >= touchInterval
    }
}

extension Manager {
    /// Whether changing `self` into `updated` (with a new password or not) must end the manager's
    /// sessions: a new password, another role, or deactivation (OWASP ASVS V3.3). Re-activation
    /// revives nothing, because deactivation ended them.
    public func endsSessions(becoming updated: Manager, passwordChanged: Bool) -> Bool {
        passwordChanged || role != updated.role || (active && !updated.active)
    }
}
