import CRMCore
import Foundation
import GRDB
import PBXProtocol

extension SQLiteStore {
    public func recordEvent(_ event: ReceivedEvent) async throws -> [CallLeg] {
        try await groupWrite { db in
            let request = event.request
            let current = try CallLegRecord.fetchOne(db, key: ["callid": request.callid, "user": request.user])?.leg
            let next = current.map { $0.applying(event) } ?? CallLeg(first: event)
            var row = CallEventRow(event, applied: next != nil)
            try row.insert(db)
            guard let next else { return [] }
            try CallLegRecord(next).save(db)
            // A leg that starts ringing changes no reason; one that is answered or closes may change several.
            guard next.phase != .ringing else { return [next] }
            return try Self.reconcileReasons(try Self.legs(of: request.callid, db), changed: next, db)
        }
    }

    public func recordHistory(_ history: ReceivedHistory) async throws -> FiledCall {
        try await groupWrite { db in
            let request = history.request
            // A call a sync filed under another spelling of its user is the same leg: the push takes it over.
            let existing = try CallRecord.leg(callid: request.callid, user: request.user).fetchOne(db)
                ?? Self.legs(ofCall: request.callid, db).first {
                    $0.source == CallSource.pbxHistory.rawValue
                        && $0.call(contactName: nil).isLeg(of: request.user, manager: history.manager)
                }
            return try Self.file(history, over: existing, db)
        }
    }

    public func fileMissedHistory(_ histories: [ReceivedHistory]) async throws -> [FiledCall] {
        try await groupWrite { db in
            var filed: [FiledCall] = []
            for history in histories {
                let request = history.request
                let known = try Self.legs(ofCall: request.callid, db).contains {
                    $0.call(contactName: nil).isLeg(of: request.user, manager: history.manager)
                }
                if !known { filed.append(try Self.file(history, over: nil, db)) }
            }
            return filed
        }
    }

    public func latestCallStart() async throws -> Date? {
        try await writer.read { db in
            try CallRecord.select(max(CallRecord.Columns.start), as: Double.self).fetchOne(db).map(Date.init(timeIntervalSince1970:))
        }
    }

    private static func legs(ofCall callid: String, _ db: Database) throws -> [CallRecord] {
        try CallRecord.filter(CallRecord.Columns.callid == callid).order(CallRecord.Columns.id).fetchAll(db)
    }

    /// Files `history` over the call already filed for its leg, if any, and closes and reconciles the call's legs.
    private static func file(_ history: ReceivedHistory, over existing: CallRecord?, _ db: Database) throws -> FiledCall {
        let request = history.request
        let ratings = try CallRatingRecord.filter(CallRatingRecord.Columns.callid == request.callid)
            .order(CallRatingRecord.Columns.id).fetchAll(db)
            .map { RatingRequest(callid: $0.callid, rating: $0.rating, user: $0.user) }
        var call = Call.filing(
            history, over: existing?.call(contactName: nil), rating: RatingRequest.latest(of: ratings, for: request.user)
        )
        var record = CallRecord(call)
        try record.save(db)
        call.id = record.id ?? call.id
        call.contactName = try call.contact.flatMap { try ContactRecord.fetchOne(db, key: $0)?.name }
        // History is the authority on the outcome: it closes a leg whose closing event was lost, and
        // it settles whether this leg — and so every other leg of the call — was answered.
        var legs = try Self.legs(of: request.callid, db)
        guard !legs.isEmpty else { return FiledCall(call: call, changedLegs: []) }
        let index = legs.firstIndex { $0.user == request.user }
        let closed = index.flatMap { legs[$0].closing(by: call.status, at: history.receivedAt) }
        if let index, let closed {
            legs[index] = closed
            try CallLegRecord(closed).save(db)
        }
        return FiledCall(call: call, changedLegs: try Self.reconcileReasons(legs, changed: closed, db))
    }

    public func recordRating(_ rating: RatingRequest, receivedAt: Date) async throws {
        try await groupWrite { db in
            var stored = CallRatingRecord(callid: rating.callid, user: rating.user, rating: rating.rating, receivedAt: receivedAt)
            try stored.insert(db)
            let filed = try CallRecord.filter(CallRecord.Columns.callid == rating.callid).fetchAll(db)
            for call in rating.rates(filed.map { $0.call(contactName: nil) }) {
                try CallRecord.filter(key: call.id).updateAll(db, Column("rating").set(to: rating.rating))
            }
        }
    }

    public func calls(_ filter: CallFilter) async throws -> Page<Call> {
        let matching = Self.request(for: filter)
        return try await writer.read { db in
            let page = matching.order(CallRecord.Columns.start.desc, CallRecord.Columns.id.desc).limit(filter.limit, offset: filter.offset)
            return Page(items: try CallWithContact.request(page).fetchAll(db).map(\.domain), total: try matching.fetchCount(db))
        }
    }

    /// The calls `filter` selects: every field it sets narrows them.
    static func request(for filter: CallFilter) -> QueryInterfaceRequest<CallRecord> {
        typealias Columns = CallRecord.Columns
        var request = CallRecord.all()
        if let contact = filter.contact { request = request.filter(Columns.contactID == contact) }
        if let manager = filter.manager { request = request.filter(Columns.managerID == manager) }
        if let direction = filter.direction { request = request.filter(Columns.direction == direction.rawValue) }
        if let status = filter.status { request = request.filter(Columns.status == status.rawValue) }
        if filter.missedOnly {
            // `Call.isMissed`: incoming, and not answered by its status (or, without one, by its length).
            request = request.filter(
                Columns.direction == CallDirection.incoming.rawValue
                    && (Columns.status != CallStatus.success.rawValue || (Columns.status == nil && Columns.duration == 0))
            )
        }
        if let since = filter.since { request = request.filter(Columns.start >= since.timeIntervalSince1970) }
        if let callid = filter.callid { request = request.filter(Columns.callid == callid) }
        return request
    }

    public func events(callid: String) async throws -> [CallEventRecord] {
        try await writer.read { db in
            try CallEventRow.filter(CallEventRow.Columns.callid == callid).order(CallEventRow.Columns.id).fetchAll(db).map(\.record)
        }
    }
}
