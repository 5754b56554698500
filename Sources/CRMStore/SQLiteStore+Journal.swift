import CRMCore
import Foundation
import GRDB

extension SQLiteStore {
    /// One transaction per batch; the oldest entries beyond the retention, in rows or in bytes, are
    /// dropped with it.
    ///
    /// The batch travels as one JSON array that SQLite unpacks itself: an entry is made for every
    /// request the PBX sends, and one statement for the batch costs less than one per entry.
    public func appendJournal(_ entries: [JournalEntry]) async throws {
        guard !entries.isEmpty else { return }
        let records = entries.map(JournalRecord.init)
        let batch = String(decoding: try Self.batchEncoder.encode(records), as: UTF8.self)
        let added = records.reduce(0) { $0 + $1.size }
        let (retention, maximumBytes) = (journalRetention, journalMaximumBytes)
        try await write { db in
            var total = try self.journalBytes.withLock { $0 } ?? JournalRecord.select(sum(JournalRecord.Columns.size), as: Int.self).fetchOne(db) ?? 0
            try db.cachedStatement(
                sql: """
                    INSERT INTO journal (time, cmd, callid, params, status, latency_ms, error, client, request_bytes, count, size, answer)
                    SELECT value ->> 'time', value ->> 'cmd', value ->> 'callid', value -> 'params', value ->> 'status',
                           value ->> 'latency_ms', value ->> 'error', value ->> 'client', value ->> 'request_bytes',
                           value ->> 'count', value ->> 'size', value ->> 'answer'
                    FROM json_each(?)
                    """
            ).execute(arguments: [batch])
            total += added
            var cutoff = db.lastInsertedRowID - Int64(retention)
            if total > maximumBytes {
                // Down to nine tenths, so the next batches do not each delete a few rows.
                cutoff = max(cutoff, try Self.oldestJournalID(freeing: total - maximumBytes * 9 / 10, db))
            }
            let oldest = JournalRecord.filter(JournalRecord.Columns.id <= cutoff)
            let freed = try oldest.select(sum(JournalRecord.Columns.size), as: Int.self).fetchOne(db) ?? 0
            if freed > 0 {
                try oldest.deleteAll(db)
                total -= freed
            }
            let committed = total
            db.afterNextTransaction(onCommit: { _ in self.journalBytes.withLock { $0 = committed } })
        }
    }

    /// The journal batch's JSON: the columns' names and kinds.
    private static var batchEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    /// The id up to which the oldest entries add up to at least `bytes`.
    private static func oldestJournalID(freeing bytes: Int, _ db: Database) throws -> Int64 {
        let rows = try JournalRecord.select(JournalRecord.Columns.id, JournalRecord.Columns.size).order(JournalRecord.Columns.id)
            .asRequest(of: Row.self).fetchCursor(db)
        var freed = 0
        var last: Int64 = 0
        while freed < bytes, let row = try rows.next() {
            last = row[0]
            freed += row[1] as Int
        }
        return last
    }

    public func journalIDs(_ filter: JournalFilter) async throws -> [Int64] {
        typealias Columns = JournalRecord.Columns
        var request = JournalRecord.select(Columns.id, as: Int64.self).order(Columns.id.desc).limit(filter.limit)
        if let callid = filter.callid { request = request.filter(Columns.callid == callid) }
        if let cmd = filter.cmd { request = request.filter(Columns.cmd == cmd) }
        if let before = filter.before { request = request.filter(Columns.id < before) }
        let matching = request
        return try await writer.read { db in try matching.fetchAll(db).reversed() }
    }

    public func journalEntries(ids: [Int64]) async throws -> [JournalEntry] {
        try await writer.read { db in
            try JournalRecord.filter(keys: ids).order(JournalRecord.Columns.id).fetchAll(db).map(\.entry)
        }
    }

    public func journalEntries(after: Int64, in range: JournalRange, limit: Int) async throws -> [JournalEntry] {
        typealias Columns = JournalRecord.Columns
        var request = JournalRecord.filter(Columns.id > after).order(Columns.id).limit(limit)
        if let since = range.since { request = request.filter(Columns.time >= since.timeIntervalSince1970) }
        if let until = range.until { request = request.filter(Columns.time < until.timeIntervalSince1970) }
        if let callid = range.callid { request = request.filter(Columns.callid == callid) }
        let matching = request
        return try await writer.read { db in try matching.fetchAll(db).map(\.entry) }
    }

    public func latestJournalTime() async throws -> Date? {
        // Refusals are journaled with empty parameters and were not the PBX.
        try await writer.read { db in
            try JournalRecord.select(JournalRecord.Columns.time, as: Double.self).filter(Column("params") != "{}")
                .order(JournalRecord.Columns.id.desc).limit(1).fetchOne(db).map(Date.init(timeIntervalSince1970:))
        }
    }
}
