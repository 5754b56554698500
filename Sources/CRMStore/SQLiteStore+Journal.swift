import CRMCore
import GRDB

extension SQLiteStore: JournalStore {
    /// One transaction per batch; the oldest entries beyond the retention are dropped with it.
    public func appendJournal(_ entries: [JournalEntry]) async throws {
        guard !entries.isEmpty else { return }
        let retention = journalRetention
        try await write { db in
            let statement = try db.cachedStatement(
                sql: "INSERT INTO journal (time, cmd, callid, params, status, latency_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?)"
            )
            for entry in entries {
                try statement.execute(arguments: [
                    entry.time.timeIntervalSince1970, entry.cmd, entry.callid, JSONColumn.encode(entry.params), entry.status,
                    entry.latencyMs, entry.error,
                ])
            }
            try db.execute(sql: "DELETE FROM journal WHERE id <= ?", arguments: [db.lastInsertedRowID - Int64(retention)])
        }
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
