import CRMCore
import Foundation
import PBXProtocol
internal import PostgresNIO

/// The columns of `call` (with its contact's name), in the order every query reads them.
enum CallColumns {
    static let select = """
        call.id, call.callid, call."user", call.manager_id, call.direction, call.phone, call.contact_id, contact.name, call.diversion,
        call.start, call.duration, call.status, call.recordings, call.ext, call.telnum, call.group_name, call.rating, call.extras,
        call.received_at, call.updated_at, call.source
        """

    /// The calls a query that selects `select` finds.
    static func fetch(_ query: PostgresQuery, _ executor: some PostgresExecutor, logger: Logger) async throws -> [Call] {
        var calls: [Call] = []
        let rows = try await executor.run(query, logger: logger)
        for try await row in rows {
            let (
                id, callid, user, manager, direction, phone, contact, contactName, diversion, start, duration, status, recordings, ext,
                telnum, group, rating, extras, received, updated, source
            ) = try row.decode(
                (
                    Int64, String, String, String?, String, String, Int64?, String?, String?, Double, Int, String?, String, String?,
                    String?, String?, Int?, String, Double, Double, String
                ).self
            )
            calls.append(
                Call(
                    id: id, callid: callid, user: user, manager: manager, direction: CallDirection(rawValue: direction) ?? .incoming,
                    phone: PhoneNumber(stored: phone), contact: contact, contactName: contactName, diversion: diversion,
                    start: Date(timeIntervalSince1970: start), duration: duration, status: status.map(CallStatus.init(rawValue:)),
                    recordings: JSONColumn.decode(recordings) ?? [], ext: ext, telnum: telnum, groupRealName: group, rating: rating,
                    extras: JSONColumn.decode(extras) ?? [:], receivedAt: Date(timeIntervalSince1970: received),
                    updatedAt: Date(timeIntervalSince1970: updated), source: CallSource(rawValue: source) ?? .push
                )
            )
        }
        return calls
    }

    /// The call of (`callid`, `user`) in a transaction that holds the call's lock.
    static func fetch(callid: String, user: String, _ connection: PostgresConnection, logger: Logger) async throws -> Call? {
        try await fetch(
            """
            SELECT \(unescaped: select) FROM call LEFT JOIN contact ON contact.id = call.contact_id
            WHERE call.callid = \(callid) AND call."user" = \(user)
            """,
            connection, logger: logger
        ).first
    }

    static func fetch(callid: String, _ connection: PostgresConnection, logger: Logger) async throws -> [Call] {
        try await fetch(
            "SELECT \(unescaped: select) FROM call LEFT JOIN contact ON contact.id = call.contact_id WHERE call.callid = \(callid)",
            connection, logger: logger
        )
    }

    /// Inserts or updates the call of (`callid`, `user`); returns its id.
    static func save(_ call: Call, _ connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        try await connection.run(
            """
            INSERT INTO call (callid, "user", manager_id, direction, phone, contact_id, diversion, start, duration, status, recordings,
                              ext, telnum, group_name, rating, extras, received_at, updated_at, source)
            VALUES (\(call.callid), \(call.user), \(call.manager), \(call.direction.rawValue), \(call.phone.value), \(call.contact),
                    \(call.diversion), \(call.start.timeIntervalSince1970), \(call.duration), \(call.status?.rawValue),
                    \(JSONColumn.encode(call.recordings)), \(call.ext), \(call.telnum), \(call.groupRealName), \(call.rating),
                    \(JSONColumn.encode(call.extras)), \(call.receivedAt.timeIntervalSince1970), \(call.updatedAt.timeIntervalSince1970),
                    \(call.source.rawValue))
            ON CONFLICT (callid, "user") DO UPDATE SET
                manager_id = excluded.manager_id, direction = excluded.direction, phone = excluded.phone, contact_id = excluded.contact_id,
                diversion = excluded.diversion, start = excluded.start, duration = excluded.duration, status = excluded.status,
                recordings = excluded.recordings, ext = excluded.ext, telnum = excluded.telnum, group_name = excluded.group_name,
                rating = excluded.rating, extras = excluded.extras, updated_at = excluded.updated_at, source = excluded.source
            RETURNING id
            """,
            logger: logger
        ).decode(Int64.self).all().first!
    }
}

/// Lists and objects kept in a TEXT column as JSON.
enum JSONColumn {
    static func encode(_ value: some Encodable) -> String {
        String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ text: String) -> Value? {
        try? JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
