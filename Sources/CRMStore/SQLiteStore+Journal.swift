import CRMCore
import GRDB
import PBXProtocol

extension SQLiteStore: JournalStore {
    /// One transaction per batch; the oldest entries beyond the retention, in rows or in bytes, are
    /// dropped with it.
    ///
    /// The whole batch travels as one JSON array, unpacked by SQLite itself: an entry is made for
    /// every request the PBX sends, and binding ten values per row through the driver would cost
    /// more than the rows' own B-tree work.
    public func appendJournal(_ entries: [JournalEntry]) async throws {
        guard !entries.isEmpty else { return }
        let (retention, maximumBytes) = (journalRetention, journalMaximumBytes)
        let batch = Self.journalBatchJSON(entries)
        try await write { db in
            var total = try self.journalBytes.withLock { $0 } ?? Int.fetchOne(db, sql: "SELECT coalesce(sum(size), 0) FROM journal") ?? 0
            try db.cachedStatement(
                sql: """
                    INSERT INTO journal (time, cmd, callid, params, status, latency_ms, error, client, request_bytes, count, size)
                    SELECT value ->> 't', value ->> 'c', value ->> 'i', value -> 'p', value ->> 's', value ->> 'l', value ->> 'e',
                           value ->> 'a', value ->> 'b', value ->> 'n', value ->> 'z'
                    FROM json_each(?)
                    """
            ).execute(arguments: [batch])
            total += entries.reduce(0) { $0 + $1.storedBytes }
            var cutoff = db.lastInsertedRowID - Int64(retention)
            if total > maximumBytes {
                // Down to nine tenths, so the next batches do not each delete a few rows.
                cutoff = max(cutoff, try Self.oldestID(freeing: total - maximumBytes * 9 / 10, db))
            }
            let freed = try Int.fetchOne(db.cachedStatement(sql: "SELECT coalesce(sum(size), 0) FROM journal WHERE id <= ?"), arguments: [cutoff])
            if let freed, freed > 0 {
                try db.cachedStatement(sql: "DELETE FROM journal WHERE id <= ?").execute(arguments: [cutoff])
                total -= freed
            }
            let committed = total
            db.afterNextTransaction(onCommit: { _ in self.journalBytes.withLock { $0 = committed } })
        }
    }

    /// The id up to which the oldest entries add up to at least `bytes`.
    private static func oldestID(freeing bytes: Int, _ db: Database) throws -> Int64 {
        let rows = try Row.fetchCursor(db, sql: "SELECT id, size FROM journal ORDER BY id")
        var freed = 0
        var last: Int64 = 0
        while freed < bytes, let row = try rows.next() {
            last = row[0]
            freed += row[1] as Int
        }
        return last
    }

    /// `[{"t":…,"c":…,"i":…,"p":{…},"s":…,"l":…,"e":…,"a":…,"b":…,"n":…,"z":…},…]`; absent values are left out.
    static func journalBatchJSON(_ entries: [JournalEntry]) -> String {
        var output: [UInt8] = [UInt8(ascii: "[")]
        output.reserveCapacity(entries.reduce(2) { $0 + $1.paramsJSON.count + 128 })
        for (index, entry) in entries.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #"{"t":"#.utf8)
            output.append(contentsOf: String(entry.time.timeIntervalSince1970).utf8)
            for (key, text) in [("c", entry.cmd), ("i", entry.callid), ("e", entry.error), ("a", entry.client)] {
                guard let text else { continue }
                output.append(contentsOf: #","\#(key)":"#.utf8)
                JSONText.appendString(text, to: &output)
            }
            output.append(contentsOf: #","p":"#.utf8)
            output.append(contentsOf: entry.paramsJSON.isEmpty ? Array("{}".utf8) : entry.paramsJSON)
            let numbers: [(String, String?)] = [
                ("s", String(entry.status)), ("l", String(entry.latencyMs.isFinite ? entry.latencyMs : 0)),
                ("b", entry.requestBytes.map(String.init)), ("n", String(entry.count)), ("z", String(entry.storedBytes)),
            ]
            for (key, number) in numbers {
                guard let number else { continue }
                output.append(contentsOf: #","\#(key)":\#(number)"#.utf8)
            }
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "]"))
        return String(decoding: output, as: UTF8.self)
    }

    public func journalIDs(_ filter: JournalFilter) async throws -> [Int64] {
        try await writer.read { db in
            var request = JournalRow.all().select(Column("id"), as: Int64.self).order(Column("id").desc).limit(filter.limit)
            if let callid = filter.callid { request = request.filter(Column("callid") == callid) }
            if let cmd = filter.cmd { request = request.filter(Column("cmd") == cmd) }
            if let before = filter.before { request = request.filter(Column("id") < before) }
            return try request.fetchAll(db).reversed()
        }
    }

    public func journalEntries(ids: [Int64]) async throws -> [JournalEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, JournalRow.filter(ids.contains(Column("id"))).order(Column("id"))).map(JournalEntry.init(row:))
        }
    }
}

/// The `journal` table, for the query interface.
struct JournalRow: TableRecord {
    static let databaseTableName = "journal"
}

extension JournalEntry {
    /// What an entry costs the database, roughly: its text and a row's overhead.
    var storedBytes: Int {
        paramsJSON.count + (error?.utf8.count ?? 0) + (cmd?.utf8.count ?? 0) + (callid?.utf8.count ?? 0) + 64
    }
}
