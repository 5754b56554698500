import CRMCore
import Foundation
import PBXProtocol
internal import PostgresNIO

extension PostgresStore {
    public func recordEvent(_ event: ReceivedEvent) async throws -> [CallLeg] {
        let request = event.request
        return try await transaction { connection in
            // Events and histories of one call take turns, whichever instance receives them.
            try await Self.lockCall(request.callid, connection, logger: logger)
            let legs = try await Self.legs(of: request.callid, connection, logger: logger)
            let current = legs.first { $0.user == request.user }
            let next = current.map { $0.applying(event) } ?? CallLeg(first: event)
            try await Self.insertEvent(event, applied: next != nil, connection, logger: logger)
            guard let next else { return [] }
            try await Self.save(next, connection, logger: logger)
            guard next.phase != .ringing else { return [next] }
            let all = legs.filter { $0.user != next.user } + [next]
            return try await Self.reconcileReasons(all, changed: next, connection, logger: logger)
        }
    }

    public func recordHistory(_ history: ReceivedHistory) async throws -> FiledCall {
        let request = history.request
        return try await transaction { connection in
            try await Self.lockCall(request.callid, connection, logger: logger)
            // A call a sync filed under another spelling of its user is the same leg: the push takes it over.
            var existing = try await CallColumns.fetch(callid: request.callid, user: request.user, connection, logger: logger)
            if existing == nil {
                existing = try await CallColumns.fetch(callid: request.callid, connection, logger: logger).first {
                    $0.source == .pbxHistory && $0.isLeg(of: request.user, manager: history.manager)
                }
            }
            return try await file(history, over: existing, connection)
        }
    }

    public func fileMissedHistory(_ histories: [ReceivedHistory]) async throws -> [FiledCall] {
        try await transaction { connection in
            var filed: [FiledCall] = []
            for history in histories {
                let request = history.request
                try await Self.lockCall(request.callid, connection, logger: logger)
                let known = try await CallColumns.fetch(callid: request.callid, connection, logger: logger).contains {
                    $0.isLeg(of: request.user, manager: history.manager)
                }
                if !known { filed.append(try await file(history, over: nil, connection)) }
            }
            return filed
        }
    }

    public func latestCallStart() async throws -> Date? {
        try await run {
            try await client.run("SELECT max(start) FROM call", logger: logger).decode(Double?.self).all().first?
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Files `history` over the call already filed for its leg, if any, and closes and reconciles
    /// the call's legs; the call's lock is held.
    private func file(_ history: ReceivedHistory, over existing: Call?, _ connection: PostgresConnection) async throws -> FiledCall {
        let request = history.request
        let ratings = try await connection.run(
            "SELECT \"user\", rating FROM call_rating WHERE callid = \(request.callid) ORDER BY id", logger: logger
        ).decode((String?, Int).self).all().map { RatingRequest(callid: request.callid, rating: $0.1, user: $0.0) }
        var call = Call.filing(history, over: existing, rating: RatingRequest.latest(of: ratings, for: request.user))
        call.id = try await CallColumns.save(call, connection, logger: logger)
        if let contact = call.contact {
            call.contactName = try await connection.run("SELECT name FROM contact WHERE id = \(contact)", logger: logger)
                .decode(String.self).all().first
        }
        // History is the authority on the outcome: it closes a leg whose closing event was lost, and
        // it settles whether this leg — and so every other leg of the call — was answered.
        var legs = try await Self.legs(of: request.callid, connection, logger: logger)
        guard !legs.isEmpty else { return FiledCall(call: call, changedLegs: []) }
        let index = legs.firstIndex { $0.user == request.user }
        let closed = index.flatMap { legs[$0].closing(by: call.status, at: history.receivedAt) }
        if let index, let closed {
            legs[index] = closed
            try await Self.save(closed, connection, logger: logger)
        }
        return FiledCall(call: call, changedLegs: try await Self.reconcileReasons(legs, changed: closed, connection, logger: logger))
    }

    public func recordRating(_ rating: RatingRequest, receivedAt: Date) async throws {
        try await transaction { connection in
            try await Self.lockCall(rating.callid, connection, logger: logger)
            try await connection.run(
                """
                INSERT INTO call_rating (callid, "user", rating, received_at)
                VALUES (\(rating.callid), \(rating.user), \(rating.rating), \(receivedAt.timeIntervalSince1970))
                """,
                logger: logger
            )
            let filed = try await CallColumns.fetch(callid: rating.callid, connection, logger: logger)
            let rated = rating.rates(filed).map(\.id)
            try await connection.run("UPDATE call SET rating = \(rating.rating) WHERE id = ANY(\(rated))", logger: logger)
        }
    }

    public func calls(_ filter: CallFilter) async throws -> Page<Call> {
        // `calls_matching` (PostgresSchema) is the filter, once: a value left out matches everything.
        let arguments: PostgresQuery = """
            \(filter.contact), \(filter.manager), \(filter.direction?.rawValue), \(filter.status?.rawValue), \(filter.missedOnly),
            \(filter.since?.timeIntervalSince1970), \(filter.callid)
            """
        return try await run {
            let total = try await client.run(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM calls_matching(\(arguments.sql))", binds: arguments.binds), logger: logger
            ).decode(Int.self).all().first ?? 0
            let page = PostgresQuery(
                unsafeSQL: """
                    SELECT \(CallColumns.select) FROM calls_matching(\(arguments.sql)) AS call LEFT JOIN contact ON contact.id = call.contact_id
                    ORDER BY call.start DESC, call.id DESC LIMIT \(filter.limit) OFFSET \(filter.offset)
                    """,
                binds: arguments.binds
            )
            return Page(items: try await CallColumns.fetch(page, client, logger: logger), total: total)
        }
    }

    public func events(callid: String) async throws -> [CallEventRecord] {
        try await run {
            let rows = try await client.run(
                """
                SELECT id, callid, "user", manager_id, type, phone, diversion, received_at, applied, extras
                FROM call_event WHERE callid = \(callid) ORDER BY id
                """,
                logger: logger
            )
            var events: [CallEventRecord] = []
            for try await row in rows.decode((Int64, String, String, String?, String, String, String?, Double, Bool, String).self) {
                events.append(
                    CallEventRecord(
                        id: row.0, callid: row.1, user: row.2, manager: row.3, type: CallEventType(rawValue: row.4) ?? .incoming,
                        phone: PhoneNumber(stored: row.5), diversion: row.6, receivedAt: Date(timeIntervalSince1970: row.7),
                        applied: row.8, extras: JSONColumn.decode(row.9) ?? [:]
                    )
                )
            }
            return events
        }
    }

    // MARK: - Inside transactions

    /// Serializes the writes of one call across every instance until the transaction ends.
    static func lockCall(_ callid: String, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run("SELECT pg_advisory_xact_lock(hashtextextended(\(callid), 17))", logger: logger)
    }

    static func insertEvent(_ event: ReceivedEvent, applied: Bool, _ connection: PostgresConnection, logger: Logger) async throws {
        let request = event.request
        var extras = request.extras
        extras["direction"] = request.direction?.rawValue
        extras["groupRealName"] = request.groupRealName
        extras["ext"] = request.ext
        extras["telnum"] = request.telnum
        extras["second_callid"] = request.secondCallid
        try await connection.run(
            """
            INSERT INTO call_event (callid, "user", manager_id, type, phone, diversion, applied, extras, received_at)
            VALUES (\(request.callid), \(request.user), \(event.manager), \(request.type.rawValue), \(request.phone.value),
                    \(request.diversion), \(applied), \(JSONColumn.encode(extras)), \(event.receivedAt.timeIntervalSince1970))
            """,
            logger: logger
        )
    }
}
