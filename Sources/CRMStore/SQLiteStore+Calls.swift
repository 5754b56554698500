import CRMCore
import Foundation
import GRDB
import PBXProtocol

extension SQLiteStore: CallStore {
    public func recordEvent(_ event: ReceivedEvent) async throws -> [CallLeg] {
        try await groupWrite { db in
            let request = event.request
            let current = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM call_leg WHERE callid = ? AND user = ?"), arguments: [request.callid, request.user]
            ).map(CallLeg.init(row:))
            let next = current.map { $0.applying(event) } ?? CallLeg(first: event)
            try db.cachedStatement(
                sql: """
                    INSERT INTO call_event (callid, user, manager_id, type, phone, diversion, applied, extras, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                request.callid, request.user, event.manager, request.type.rawValue, request.phone.value, request.diversion,
                next != nil, JSONColumn.encode(Self.eventExtras(request)), event.receivedAt.timeIntervalSince1970,
            ])
            guard let next else { return [] }
            try Self.save(next, db)
            // A leg that starts ringing changes no reason; one that is answered or closes may change several.
            guard next.phase != .ringing else { return [next] }
            return try Self.reconcileReasons(try Self.legs(of: request.callid, db), changed: next, db)
        }
    }

    public func recordHistory(_ history: ReceivedHistory) async throws -> (call: Call, changedLegs: [CallLeg]) {
        let result = try await groupWrite { db in
            let request = history.request
            let received = history.receivedAt.timeIntervalSince1970
            let existing = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Call.selection) FROM \(Call.source) WHERE call.callid = ? AND call.user = ?"),
                arguments: [request.callid, request.user]
            ).map(Call.init(row:))
            let rating = try request.rating ?? Int.fetchOne(
                db.cachedStatement(
                    sql: "SELECT rating FROM call_rating WHERE callid = ? AND (user IS NULL OR user = ?) ORDER BY id DESC LIMIT 1"
                ),
                arguments: [request.callid, request.user]
            )
            // A repeat updates the call; what it leaves out keeps its earlier value.
            let start = request.start?.timeIntervalSince1970
                ?? existing?.start.timeIntervalSince1970 ?? received - Double(request.duration)
            let recordings = request.links.isEmpty ? (existing?.recordings ?? []) : request.links
            let extras = (existing?.extras ?? [:]).merging(request.extras) { $1 }
            try db.cachedStatement(
                sql: """
                    INSERT INTO call (callid, user, manager_id, direction, phone, contact_id, diversion, start, duration, status,
                                      recordings, ext, telnum, group_name, rating, extras, received_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (callid, user) DO UPDATE SET
                        manager_id = excluded.manager_id, direction = excluded.direction, phone = excluded.phone,
                        contact_id = excluded.contact_id, diversion = excluded.diversion, start = excluded.start,
                        duration = excluded.duration, status = excluded.status, recordings = excluded.recordings,
                        ext = excluded.ext, telnum = excluded.telnum, group_name = excluded.group_name,
                        rating = excluded.rating, extras = excluded.extras, updated_at = excluded.updated_at
                    """
            ).execute(arguments: [
                request.callid, request.user, history.manager ?? existing?.manager, request.direction.rawValue,
                request.phone.value, history.contact ?? existing?.contact, request.diversion ?? existing?.diversion, start,
                request.duration, (request.status ?? existing?.status)?.rawValue, JSONColumn.encode(recordings),
                request.ext ?? existing?.ext, request.telnum ?? existing?.telnum,
                request.groupRealName ?? existing?.groupRealName, rating ?? existing?.rating, JSONColumn.encode(extras),
                received, received,
            ])
            let call = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Call.selection) FROM \(Call.source) WHERE call.callid = ? AND call.user = ?"),
                arguments: [request.callid, request.user]
            ).map(Call.init(row:))!
            // History is the authority on the outcome: it closes a leg whose closing event was lost, and
            // it settles whether this leg — and so every other leg of the call — was answered.
            var legs = try Self.legs(of: request.callid, db)
            guard !legs.isEmpty else { return HistoryOutcome(call: call, changedLegs: []) }
            let index = legs.firstIndex { $0.user == request.user }
            let closed = index.flatMap { legs[$0].closing(by: call.status, at: history.receivedAt) }
            if let index, let closed {
                legs[index] = closed
                try Self.save(closed, db)
            }
            return HistoryOutcome(call: call, changedLegs: try Self.reconcileReasons(legs, changed: closed, db))
        }
        return (result.call, result.changedLegs)
    }

    public func recordRating(_ rating: RatingRequest, receivedAt: Date) async throws -> Int {
        try await groupWrite { db in
            try db.cachedStatement(sql: "INSERT INTO call_rating (callid, user, rating, received_at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [rating.callid, rating.user, rating.rating, receivedAt.timeIntervalSince1970])
            if let user = rating.user {
                try db.cachedStatement(sql: "UPDATE call SET rating = ? WHERE callid = ? AND user = ?")
                    .execute(arguments: [rating.rating, rating.callid, user])
                if db.changesCount > 0 { return db.changesCount }
            }
            try db.cachedStatement(sql: "UPDATE call SET rating = ? WHERE callid = ?").execute(arguments: [rating.rating, rating.callid])
            return db.changesCount
        }
    }

    public func calls(_ filter: CallFilter) async throws -> Page<Call> {
        try await writer.read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let contact = filter.contact {
                conditions.append("call.contact_id = ?")
                arguments += [contact]
            }
            if let manager = filter.manager {
                conditions.append("call.manager_id = ?")
                arguments += [manager]
            }
            if let direction = filter.direction {
                conditions.append("call.direction = ?")
                arguments += [direction.rawValue]
            }
            if let status = filter.status {
                conditions.append("call.status = ?")
                arguments += [status.rawValue]
            }
            if filter.missedOnly {
                conditions.append("call.direction = 'in' AND (call.status <> 'success' OR (call.status IS NULL AND call.duration = 0))")
            }
            if let since = filter.since {
                conditions.append("call.start >= ?")
                arguments += [since.timeIntervalSince1970]
            }
            if let callid = filter.callid {
                conditions.append("call.callid = ?")
                arguments += [callid]
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM call \(whereClause)", arguments: arguments) ?? 0
            let items = try Row.fetchAll(
                db,
                sql: "SELECT \(Call.selection) FROM \(Call.source) \(whereClause) ORDER BY call.start DESC, call.id DESC LIMIT ? OFFSET ?",
                arguments: arguments + [filter.limit, filter.offset]
            ).map(Call.init(row:))
            return Page(items: items, total: total)
        }
    }

    public func events(callid: String) async throws -> [CallEventRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM call_event WHERE callid = ? ORDER BY id", arguments: [callid])
                .map(CallEventRecord.init(row:))
        }
    }

    /// The later-version fields of an event, kept with it for inspection.
    static func eventExtras(_ request: EventRequest) -> [String: String] {
        var extras = request.extras
        extras["direction"] = request.direction?.rawValue
        extras["groupRealName"] = request.groupRealName
        extras["ext"] = request.ext
        extras["telnum"] = request.telnum
        extras["second_callid"] = request.secondCallid
        return extras
    }
}

/// What a `history` write hands back across the group commit.
private struct HistoryOutcome: Sendable {
    var call: Call
    var changedLegs: [CallLeg]
}
