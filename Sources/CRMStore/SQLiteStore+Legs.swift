import CRMCore
import Foundation
import GRDB
import PBXProtocol

/// Call legs: their live state for the pop-ups, and why each closed one ended.
extension SQLiteStore {
    public func openLegs(updatedSince since: Date) async throws -> [CallLeg] {
        try await openLegs(updatedSince: since, manager: nil)
    }

    public func openLegs(updatedSince since: Date, manager: ManagerID?) async throws -> [CallLeg] {
        try await legs(open: true, updatedSince: since, manager: manager, order: "started_at", limit: -1)
    }

    public func closedLegs(updatedSince since: Date, manager: ManagerID?, limit: Int) async throws -> [CallLeg] {
        try await legs(open: false, updatedSince: since, manager: manager, order: "updated_at DESC", limit: limit)
    }

    private func legs(open: Bool, updatedSince since: Date, manager: ManagerID?, order: String, limit: Int) async throws -> [CallLeg] {
        try await writer.read { db in
            let byManager = manager == nil ? "" : "AND manager_id = ?"
            var arguments: StatementArguments = [open, since.timeIntervalSince1970]
            if let manager { arguments += [manager] }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM call_leg WHERE is_open = ? AND updated_at >= ? \(byManager) ORDER BY \(order) LIMIT ?",
                arguments: arguments + [limit]
            ).map(CallLeg.init(row:))
        }
    }

    static func save(_ leg: CallLeg, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO call_leg (callid, user, manager_id, state, is_open, direction, phone, contact_id, diversion,
                                                 group_name, started_at, answered_at, updated_at, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: leg.arguments)
    }

    /// Every leg of one call.
    static func legs(of callid: String, _ db: Database) throws -> [CallLeg] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM call_leg WHERE callid = ?"), arguments: [callid]).map(CallLeg.init(row:))
    }

    /// Gives every closed leg of a call the reason `LegReason` finds from its legs and its history, and
    /// returns the legs that changed: `changed` (the leg a write just moved) first, then the corrected ones.
    static func reconcileReasons(_ legs: [CallLeg], changed: CallLeg?, _ db: Database) throws -> [CallLeg] {
        guard let callid = legs.first?.callid else { return changed.map { [$0] } ?? [] }
        var answeredByHistory: [String: Bool] = [:]
        let histories = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT user, status, duration FROM call WHERE callid = ?"), arguments: [callid]
        )
        for row in histories {
            let status = (row[1] as String?).map(CallStatus.init(rawValue:))
            answeredByHistory[row[0]] = Call.wasAnswered(status: status, duration: row[2])
        }
        let corrected = LegReason.corrections(of: legs, answeredByHistory: answeredByHistory)
        for leg in corrected { try save(leg, db) }
        guard let changed else { return corrected }
        return [corrected.first { $0.user == changed.user } ?? changed] + corrected.filter { $0.user != changed.user }
    }
}
