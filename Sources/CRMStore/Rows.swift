import CRMCore
import Foundation
import GRDB
import PBXProtocol

/// Rows of the schema, read into the domain's types.
struct ManagerRow: FetchableRecord {
    var manager: Manager
    var passwordHash: String

    init(row: Row) {
        manager = Manager(
            id: row["id"], name: row["name"], login: row["login"],
            role: Manager.Role(rawValue: row["role"]) ?? .manager, pbxAccount: row["pbx_account"], active: row["active"]
        )
        passwordHash = row["password_hash"]
    }
}

extension Contact {
    /// From a `contact` row; phones come separately.
    init(row: Row, phones: [PhoneNumber], extensions: [String: String]) {
        self.init(
            id: row["id"], name: row["name"], company: row["company"], notes: row["notes"], phones: phones, extensions: extensions,
            responsible: row["responsible_id"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"])
        )
    }
}

extension Call {
    /// The columns `init(row:)` reads: a call joined with its contact's name.
    static let selection = "call.*, contact.name AS contact_name"
    static let source = "call LEFT JOIN contact ON contact.id = call.contact_id"

    init(row: Row) {
        self.init(
            id: row["id"], callid: row["callid"], user: row["user"], manager: row["manager_id"],
            direction: CallDirection(rawValue: row["direction"]) ?? .incoming, phone: PhoneNumber(stored: row["phone"]),
            contact: row["contact_id"], contactName: row["contact_name"], diversion: row["diversion"],
            start: Date(timeIntervalSince1970: row["start"]), duration: row["duration"],
            status: (row["status"] as String?).map(CallStatus.init(rawValue:)),
            recordings: JSONColumn.decode(row["recordings"]) ?? [], ext: row["ext"], telnum: row["telnum"],
            groupRealName: row["group_name"], rating: row["rating"], extras: JSONColumn.decode(row["extras"]) ?? [:],
            receivedAt: Date(timeIntervalSince1970: row["received_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"])
        )
    }
}

extension CallLeg {
    init(row: Row) {
        self.init(
            callid: row["callid"], user: row["user"], manager: row["manager_id"],
            state: CallEventType(rawValue: row["state"]) ?? .incoming,
            direction: CallDirection(rawValue: row["direction"]) ?? .incoming, phone: PhoneNumber(stored: row["phone"]),
            contact: row["contact_id"], diversion: row["diversion"], groupRealName: row["group_name"],
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            answeredAt: (row["answered_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]), reason: (row["reason"] as String?).flatMap(LegReason.init(rawValue:))
        )
    }

    var arguments: StatementArguments {
        [
            callid, user, manager, state.rawValue, isOpen, direction.rawValue, phone.value, contact, diversion, groupRealName,
            startedAt.timeIntervalSince1970, answeredAt?.timeIntervalSince1970, updatedAt.timeIntervalSince1970, reason?.rawValue,
        ]
    }
}

extension CallEventRecord {
    init(row: Row) {
        self.init(
            id: row["id"], callid: row["callid"], user: row["user"], manager: row["manager_id"],
            type: CallEventType(rawValue: row["type"]) ?? .incoming, phone: PhoneNumber(stored: row["phone"]),
            diversion: row["diversion"], receivedAt: Date(timeIntervalSince1970: row["received_at"]), applied: row["applied"],
            extras: JSONColumn.decode(row["extras"]) ?? [:]
        )
    }
}

extension JournalEntry {
    init(row: Row) {
        self.init(
            id: row["id"], time: Date(timeIntervalSince1970: row["time"]), cmd: row["cmd"], callid: row["callid"],
            paramsJSON: Array((row["params"] as String? ?? "{}").utf8), status: row["status"], latencyMs: row["latency_ms"],
            error: row["error"], client: row["client"], requestBytes: row["request_bytes"], count: row["count"] ?? 1
        )
    }
}

/// Small JSON values kept in a TEXT column: recording lists, extra parameters. The two shapes the
/// ingest writes and reads on every call are written and parsed by hand; anything else goes through
/// the encoder.
enum JSONColumn {
    static func encode(_ value: some Encodable) -> String {
        String(decoding: ProtocolJSON.encode(value), as: UTF8.self)
    }

    static func encode(_ strings: [String]) -> String {
        String(decoding: JSONText.array(strings), as: UTF8.self)
    }

    static func encode(_ object: [String: String]) -> String {
        String(decoding: JSONText.object(object), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ text: String?) -> Value? {
        guard let text else { return nil }
        return try? ProtocolJSON.decode(Value.self, from: Array(text.utf8))
    }

    static func decode(_ text: String?) -> [String]? {
        guard let text else { return nil }
        return JSONText.parseStringArray(text.utf8) ?? (try? ProtocolJSON.decode([String].self, from: Array(text.utf8)))
    }

    static func decode(_ text: String?) -> [String: String]? {
        guard let text else { return nil }
        return JSONText.parseStringObject(text.utf8) ?? (try? ProtocolJSON.decode([String: String].self, from: Array(text.utf8)))
    }
}
