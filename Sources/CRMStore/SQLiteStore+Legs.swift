import CRMCore
import Foundation
import GRDB
import PBXProtocol

/// Call legs: their live state for the pop-ups, and why each closed one ended.
extension SQLiteStore {
    public func legs(open: Bool, updatedSince since: Date, manager: ManagerID?, limit: Int?) async throws -> [CallLeg] {
        typealias Columns = CallLegRecord.Columns
        var request = CallLegRecord.filter(Columns.isOpen == open && Columns.updatedAt >= since.timeIntervalSince1970)
        if let manager { request = request.filter(Columns.managerID == manager) }
        request = open ? request.order(Columns.startedAt) : request.order(Columns.updatedAt.desc)
        if let limit { request = request.limit(limit) }
        let legs = request
        return try await writer.read { db in try legs.fetchAll(db).map(\.leg) }
    }

    /// Gives every closed leg of a call the reason `LegReason` finds from its legs and its history, and
    /// returns the legs that changed: `changed` (the leg a write just moved) first, then the corrected ones.
    static func reconcileReasons(_ legs: [CallLeg], changed: CallLeg?, _ db: Database) throws -> [CallLeg] {
        guard let callid = legs.first?.callid else { return changed.map { [$0] } ?? [] }
        var answeredByHistory: [String: Bool] = [:]
        for call in try CallRecord.filter(CallRecord.Columns.callid == callid).fetchAll(db) {
            answeredByHistory[call.user] = Call.wasAnswered(status: call.status.map(CallStatus.init(rawValue:)), duration: call.duration)
        }
        let corrected = LegReason.corrections(of: legs, answeredByHistory: answeredByHistory)
        for leg in corrected { try CallLegRecord(leg).save(db) }
        guard let changed else { return corrected }
        return [corrected.first { $0.user == changed.user } ?? changed] + corrected.filter { $0.user != changed.user }
    }

    /// Every leg of one call.
    static func legs(of callid: String, _ db: Database) throws -> [CallLeg] {
        try CallLegRecord.of(callid: callid).fetchAll(db).map(\.leg)
    }
}
