import CRMCore
import Foundation
import GRDB

/// A row of `journal`: one request to `/crm_integration`, or a summary of refused ones.
struct JournalRecord: SchemaRecord {
    static let databaseTableName = "journal"

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var id: Int64?
    var time: Date
    var cmd: String?
    var callid: String?
    var params: [String: String]
    var status: Int
    var latencyMs: Double
    var error: String?
    var client: String?
    var requestBytes: Int?
    var count: Int
    var answer: String?
    /// What the entry costs the database, roughly: the journal is bounded by the sum of these.
    var size: Int

    enum Columns {
        static let id = Column("id")
        static let callid = Column("callid")
        static let cmd = Column("cmd")
        static let size = Column("size")
        static let time = Column("time")
    }

    init(_ entry: JournalEntry) {
        id = entry.id
        time = entry.time
        cmd = entry.cmd
        callid = entry.callid
        params = entry.params
        status = entry.status
        latencyMs = entry.latencyMs.isFinite ? entry.latencyMs : 0
        error = entry.error
        client = entry.client
        requestBytes = entry.requestBytes
        count = entry.count
        answer = entry.answer
        size = JournalSize.of(entry)
    }

    var entry: JournalEntry {
        JournalEntry(
            id: id, time: time, cmd: cmd, callid: callid, params: params, status: status, latencyMs: latencyMs, error: error,
            client: client, requestBytes: requestBytes, count: count, answer: answer
        )
    }
}

/// What a journal entry costs a database, roughly: its text and a row's overhead. The journal is
/// bounded by the sum of these, on either engine.
enum JournalSize {
    static func of(_ entry: JournalEntry) -> Int {
        entry.params.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 } + (entry.error?.utf8.count ?? 0)
            + (entry.cmd?.utf8.count ?? 0) + (entry.callid?.utf8.count ?? 0) + (entry.answer?.utf8.count ?? 0) + 64
    }
}
