import CRMCore
import Foundation
import PBXProtocol
internal import PostgresNIO

/// Call legs: their live state for the pop-ups, and why each closed one ended.
extension PostgresStore {
    static let legColumns = """
        callid, "user", manager_id, state, direction, phone, contact_id, diversion, group_name, started_at, answered_at, updated_at, reason
        """

    public func legs(open: Bool, updatedSince since: Date, manager: ManagerID?, limit: Int?) async throws -> [CallLeg] {
        try await run {
            let order = open ? "started_at" : "updated_at DESC"
            return try await Self.decodeLegs(
                try await client.run(
                    """
                    SELECT \(unescaped: Self.legColumns) FROM call_leg
                    WHERE is_open = \(open) AND updated_at >= \(since.timeIntervalSince1970)
                      AND (\(manager)::text IS NULL OR manager_id = \(manager))
                    ORDER BY \(unescaped: order) LIMIT \(limit ?? Int(Int32.max))
                    """,
                    logger: logger
                )
            )
        }
    }

    /// Every leg of one call.
    static func legs(of callid: String, _ connection: PostgresConnection, logger: Logger) async throws -> [CallLeg] {
        try await decodeLegs(
            try await connection.run("SELECT \(unescaped: legColumns) FROM call_leg WHERE callid = \(callid)", logger: logger)
        )
    }

    static func save(_ leg: CallLeg, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            """
            INSERT INTO call_leg (callid, "user", manager_id, state, is_open, direction, phone, contact_id, diversion, group_name,
                                  started_at, answered_at, updated_at, reason)
            VALUES (\(leg.callid), \(leg.user), \(leg.manager), \(leg.state.rawValue), \(leg.isOpen), \(leg.direction.rawValue),
                    \(leg.phone.value), \(leg.contact), \(leg.diversion), \(leg.groupRealName), \(leg.startedAt.timeIntervalSince1970),
                    \(leg.answeredAt?.timeIntervalSince1970), \(leg.updatedAt.timeIntervalSince1970), \(leg.reason?.rawValue))
            ON CONFLICT (callid, "user") DO UPDATE SET
                manager_id = excluded.manager_id, state = excluded.state, is_open = excluded.is_open, direction = excluded.direction,
                phone = excluded.phone, contact_id = excluded.contact_id, diversion = excluded.diversion, group_name = excluded.group_name,
                started_at = excluded.started_at, answered_at = excluded.answered_at, updated_at = excluded.updated_at,
                reason = excluded.reason
            """,
            logger: logger
        )
    }

    /// Gives every closed leg of a call the reason `LegReason` finds, as `SQLiteStore` does.
    static func reconcileReasons(_ legs: [CallLeg], changed: CallLeg?, _ connection: PostgresConnection, logger: Logger) async throws
        -> [CallLeg]
    {
        guard let callid = legs.first?.callid else { return changed.map { [$0] } ?? [] }
        var answeredByHistory: [String: Bool] = [:]
        let rows = try await connection.run("SELECT \"user\", status, duration FROM call WHERE callid = \(callid)", logger: logger)
        for try await (user, status, duration) in rows.decode((String, String?, Int).self) {
            answeredByHistory[user] = Call.wasAnswered(status: status.map(CallStatus.init(rawValue:)), duration: duration)
        }
        let corrected = LegReason.corrections(of: legs, answeredByHistory: answeredByHistory)
        for leg in corrected { try await save(leg, connection, logger: logger) }
        guard let changed else { return corrected }
        return [corrected.first { $0.user == changed.user } ?? changed] + corrected.filter { $0.user != changed.user }
    }

    private static func decodeLegs(_ rows: PostgresRowSequence) async throws -> [CallLeg] {
        var legs: [CallLeg] = []
        for try await row in rows.decode(
            (String, String, String?, String, String, String, Int64?, String?, String?, Double, Double?, Double, String?).self
        ) {
            legs.append(
                CallLeg(
                    callid: row.0, user: row.1, manager: row.2, state: CallEventType(rawValue: row.3) ?? .incoming,
                    direction: CallDirection(rawValue: row.4) ?? .incoming, phone: PhoneNumber(stored: row.5), contact: row.6,
                    diversion: row.7, groupRealName: row.8, startedAt: Date(timeIntervalSince1970: row.9),
                    answeredAt: row.10.map(Date.init(timeIntervalSince1970:)), updatedAt: Date(timeIntervalSince1970: row.11),
                    reason: row.12.flatMap(LegReason.init(rawValue:))
                )
            )
        }
        return legs
    }
}
