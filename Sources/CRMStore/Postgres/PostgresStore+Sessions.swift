import CRMCore
import Foundation
internal import PostgresNIO

extension PostgresStore {
    public func startSession(_ session: LoginSession, replacing: SessionKey?) async throws {
        try await transaction { connection in
            if let replacing { try await connection.run("DELETE FROM session WHERE key = \(replacing.value)", logger: logger) }
            try await connection.run(
                """
                INSERT INTO session (key, manager_id, created_at, last_seen_at)
                VALUES (\(session.key.value), \(session.manager), \(session.createdAt.timeIntervalSince1970), \(session.lastSeenAt.timeIntervalSince1970))
                """,
                logger: logger
            )
        }
    }

    public func session(_ key: SessionKey) async throws -> LoginSession? {
        try await run {
            try await client.run("SELECT manager_id, created_at, last_seen_at FROM session WHERE key = \(key.value)", logger: logger)
                .decode((String, Double, Double).self).all().first.map {
                    LoginSession(
                        key: key, manager: $0.0, createdAt: Date(timeIntervalSince1970: $0.1), lastSeenAt: Date(timeIntervalSince1970: $0.2)
                    )
                }
        }
    }

    public func touchSession(_ key: SessionKey, at time: Date) async throws {
        try await run {
            _ = try await client.run("UPDATE session SET last_seen_at = \(time.timeIntervalSince1970) WHERE key = \(key.value)", logger: logger)
        }
    }

    public func endSession(_ key: SessionKey) async throws {
        try await run { _ = try await client.run("DELETE FROM session WHERE key = \(key.value)", logger: logger) }
    }

    @discardableResult
    public func endSessions(of manager: ManagerID, keeping: SessionKey?) async throws -> Int {
        try await transaction { connection in try await Self.deleteSessions(of: manager, keeping: keeping, connection, logger: logger) }
    }

    static func deleteSessions(of manager: ManagerID, keeping: SessionKey?, _ connection: PostgresConnection, logger: Logger) async throws
        -> Int
    {
        try await connection.run(
            """
            WITH gone AS (DELETE FROM session WHERE manager_id = \(manager) AND (\(keeping?.value)::text IS NULL OR key <> \(keeping?.value))
                          RETURNING 1)
            SELECT count(*)::bigint FROM gone
            """,
            logger: logger
        ).decode(Int.self).all().first ?? 0
    }

    /// Before a replacing import: the sessions of managers it removes, or whose password, role or
    /// activity it changes, end (`Manager.endsSessions`); the others stay logged in.
    static func endSessionsChanged(by batch: ImportBatch, _ connection: PostgresConnection, logger: Logger) async throws {
        let incoming = Dictionary(batch.managers.map { ($0.manager.id, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = try await connection.run("SELECT \(unescaped: ManagerColumns.list) FROM manager", logger: logger)
            .decode(ManagerColumns.Row.self).all()
        for row in rows {
            let manager = ManagerColumns.manager(row)
            let ends = incoming[manager.id].map {
                manager.endsSessions(becoming: $0.manager, passwordChanged: $0.passwordHash != row.6)
            } ?? true
            if ends { _ = try await deleteSessions(of: manager.id, keeping: nil, connection, logger: logger) }
        }
    }

    // MARK: Login throttle

    public func loginThrottle(_ names: [String]) async throws -> [String: LoginThrottle.State] {
        try await run {
            let rows = try await client.run(
                "SELECT name, failures, last_failure_at, blocked_until FROM login_failure WHERE name = ANY(\(names))", logger: logger
            ).decode((String, Int, Double, Double).self).all()
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.0, Self.throttleState($0.1, $0.2, $0.3)) })
        }
    }

    public func recordLoginFailure(_ names: [(name: String, rule: LoginThrottle)], at time: Date) async throws
        -> [String: LoginThrottle.State]
    {
        try await transaction { connection in
            var states: [String: LoginThrottle.State] = [:]
            for (name, rule) in names {
                let current = try await connection.run(
                    "SELECT failures, last_failure_at, blocked_until FROM login_failure WHERE name = \(name) FOR UPDATE", logger: logger
                ).decode((Int, Double, Double).self).all().first.map { Self.throttleState($0.0, $0.1, $0.2) }
                let state = rule.failing(current, at: time)
                try await connection.run(
                    """
                    INSERT INTO login_failure (name, failures, last_failure_at, blocked_until)
                    VALUES (\(name), \(state.failures), \(state.lastFailureAt.timeIntervalSince1970), \(state.blockedUntil.timeIntervalSince1970))
                    ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
                        blocked_until = excluded.blocked_until
                    """,
                    logger: logger
                )
                states[name] = state
            }
            return states
        }
    }

    public func forgetLoginFailures(_ name: String) async throws {
        try await run { _ = try await client.run("DELETE FROM login_failure WHERE name = \(name)", logger: logger) }
    }

    private static func throttleState(_ failures: Int, _ last: Double, _ blocked: Double) -> LoginThrottle.State {
        LoginThrottle.State(
            failures: failures, lastFailureAt: Date(timeIntervalSince1970: last), blockedUntil: Date(timeIntervalSince1970: blocked)
        )
    }
}
