import CRMCore
import Foundation
import GRDB

/// A row of `session`: one login, under its cookie's value.
struct SessionRecord: SchemaRecord, PersistableRecord {
    static let databaseTableName = "session"

    var key: String
    var managerId: String
    var createdAt: Date
    var lastSeenAt: Date

    enum Columns {
        static let key = Column("key")
        static let managerID = Column("manager_id")
        static let lastSeenAt = Column("last_seen_at")
    }

    init(_ session: LoginSession) {
        key = session.key.value
        managerId = session.manager
        createdAt = session.createdAt
        lastSeenAt = session.lastSeenAt
    }

    var session: LoginSession {
        LoginSession(key: SessionKey(key), manager: managerId, createdAt: createdAt, lastSeenAt: lastSeenAt)
    }
}

/// A row of `login_failure`: what one login name or client address has earned (`LoginThrottle`).
struct LoginFailureRecord: SchemaRecord, PersistableRecord {
    static let databaseTableName = "login_failure"

    var name: String
    var failures: Int
    var lastFailureAt: Date
    var blockedUntil: Date

    init(name: String, _ state: LoginThrottle.State) {
        self.name = name
        failures = state.failures
        lastFailureAt = state.lastFailureAt
        blockedUntil = state.blockedUntil
    }

    var state: LoginThrottle.State {
        LoginThrottle.State(failures: failures, lastFailureAt: lastFailureAt, blockedUntil: blockedUntil)
    }
}
