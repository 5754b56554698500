import CRMCore
import GRDB
import PBXProtocol

extension SQLiteStore: JournalStore {
    /// One transaction per batch; the oldest entries beyond the retention are dropped with it.
    ///
    /// The whole batch travels as one JSON array, unpacked by SQLite itself: an entry is made for
    /// every request the PBX sends, and binding seven values per row through the driver would cost
    /// more than the rows' own B-tree work.
    public func appendJournal(_ entries: [JournalEntry]) async throws {
        guard !entries.isEmpty else { return }
        let retention = journalRetention
        let batch = Self.journalBatchJSON(entries)
        try await write { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO journal (time, cmd, callid, params, status, latency_ms, error)
                    SELECT value ->> 't', value ->> 'c', value ->> 'i', value -> 'p', value ->> 's', value ->> 'l', value ->> 'e'
                    FROM json_each(?)
                    """
            ).execute(arguments: [batch])
            try db.cachedStatement(sql: "DELETE FROM journal WHERE id <= ?")
                .execute(arguments: [db.lastInsertedRowID - Int64(retention)])
        }
    }

    /// `[{"t":…,"c":…,"i":…,"p":{…},"s":…,"l":…,"e":…},…]`; absent values are left out.
    static func journalBatchJSON(_ entries: [JournalEntry]) -> String {
        var output: [UInt8] = [UInt8(ascii: "[")]
        output.reserveCapacity(entries.reduce(2) { $0 + $1.paramsJSON.count + 96 })
        for (index, entry) in entries.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #"{"t":"#.utf8)
            output.append(contentsOf: String(entry.time.timeIntervalSince1970).utf8)
            if let cmd = entry.cmd {
                output.append(contentsOf: #","c":"#.utf8)
                JSONText.appendString(cmd, to: &output)
            }
            if let callid = entry.callid {
                output.append(contentsOf: #","i":"#.utf8)
                JSONText.appendString(callid, to: &output)
            }
            output.append(contentsOf: #","p":"#.utf8)
            output.append(contentsOf: entry.paramsJSON.isEmpty ? Array("{}".utf8) : entry.paramsJSON)
            output.append(contentsOf: #","s":"#.utf8)
            output.append(contentsOf: String(entry.status).utf8)
            output.append(contentsOf: #","l":"#.utf8)
            output.append(contentsOf: String(entry.latencyMs.isFinite ? entry.latencyMs : 0).utf8)
            if let error = entry.error {
                output.append(contentsOf: #","e":"#.utf8)
                JSONText.appendString(error, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "]"))
        return String(decoding: output, as: UTF8.self)
    }

    /// The newest `limit` matching entries, oldest first: the order the requests came in.
    public func journal(_ filter: JournalFilter) async throws -> [JournalEntry] {
        try await writer.read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let callid = filter.callid {
                conditions.append("callid = ?")
                arguments += [callid]
            }
            if let cmd = filter.cmd {
                conditions.append("cmd = ?")
                arguments += [cmd]
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(
                db, sql: "SELECT * FROM journal \(whereClause) ORDER BY id DESC LIMIT ?", arguments: arguments + [filter.limit]
            ).map(JournalEntry.init(row:)).reversed()
        }
    }
}
