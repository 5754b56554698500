import CRMCore
import Foundation
internal import PostgresNIO

extension PostgresStore {
    /// One transaction per batch; the oldest entries beyond the retention, in rows or bytes, go with it.
    public func appendJournal(_ entries: [JournalEntry]) async throws {
        guard !entries.isEmpty else { return }
        let (retention, maximumBytes) = (journalRetention, journalMaximumBytes)
        try await transaction { connection in
            var last: Int64 = 0
            for entry in entries {
                let size = JournalSize.of(entry)
                last = try await connection.run(
                    """
                    INSERT INTO journal (time, cmd, callid, params, status, latency_ms, error, client, request_bytes, count, size, answer)
                    VALUES (\(entry.time.timeIntervalSince1970), \(entry.cmd), \(entry.callid), \(JSONColumn.encode(entry.params)),
                            \(entry.status), \(entry.latencyMs.isFinite ? entry.latencyMs : 0), \(entry.error), \(entry.client),
                            \(entry.requestBytes), \(entry.count), \(size), \(entry.answer))
                    RETURNING id
                    """,
                    logger: logger
                ).decode(Int64.self).all().first ?? last
            }
            let added = entries.reduce(0) { $0 + JournalSize.of($1) }
            var total = try await connection.run(
                "UPDATE journal_total SET bytes = bytes + \(added) WHERE id = 1 RETURNING bytes", logger: logger
            ).decode(Int.self).all().first ?? 0
            var cutoff = last - Int64(retention)
            if total > maximumBytes {
                // Down to nine tenths, so the next batches do not each delete a few rows.
                let oldest = try await connection.run(
                    """
                    SELECT id FROM (SELECT id, sum(size) OVER (ORDER BY id) AS running FROM journal) AS sized
                    WHERE running >= \(total - maximumBytes * 9 / 10) ORDER BY id LIMIT 1
                    """,
                    logger: logger
                ).decode(Int64.self).all().first
                cutoff = max(cutoff, oldest ?? cutoff)
            }
            let freed = try await connection.run(
                "WITH gone AS (DELETE FROM journal WHERE id <= \(cutoff) RETURNING size) SELECT coalesce(sum(size), 0)::bigint FROM gone",
                logger: logger
            ).decode(Int64.self).all().first ?? 0
            if freed > 0 {
                total = try await connection.run(
                    "UPDATE journal_total SET bytes = bytes - \(freed) WHERE id = 1 RETURNING bytes", logger: logger
                ).decode(Int.self).all().first ?? total
            }
        }
    }

    public func journalIDs(_ filter: JournalFilter) async throws -> [Int64] {
        try await run {
            try await client.run(
                """
                SELECT id FROM journal
                WHERE (\(filter.callid)::text IS NULL OR callid = \(filter.callid)) AND (\(filter.cmd)::text IS NULL OR cmd = \(filter.cmd))
                  AND (\(filter.before)::bigint IS NULL OR id < \(filter.before))
                ORDER BY id DESC LIMIT \(filter.limit)
                """,
                logger: logger
            ).decode(Int64.self).all().reversed()
        }
    }

    public func journalEntries(ids: [Int64]) async throws -> [JournalEntry] {
        try await run { try await entries("SELECT \(unescaped: Self.journalColumns) FROM journal WHERE id = ANY(\(ids)) ORDER BY id") }
    }

    public func journalEntries(after: Int64, in range: JournalRange, limit: Int) async throws -> [JournalEntry] {
        try await run {
            try await entries(
                """
                SELECT \(unescaped: Self.journalColumns) FROM journal
                WHERE id > \(after) AND (\(range.since?.timeIntervalSince1970)::double precision IS NULL OR time >= \(range.since?.timeIntervalSince1970))
                  AND (\(range.until?.timeIntervalSince1970)::double precision IS NULL OR time < \(range.until?.timeIntervalSince1970))
                  AND (\(range.callid)::text IS NULL OR callid = \(range.callid))
                ORDER BY id LIMIT \(max(0, limit))
                """
            )
        }
    }

    public func latestJournalTime() async throws -> Date? {
        // Refusals are journaled with empty parameters and were not the PBX.
        try await run {
            try await client.run("SELECT time FROM journal WHERE params <> '{}' ORDER BY id DESC LIMIT 1", logger: logger)
                .decode(Double.self).all().first.map(Date.init(timeIntervalSince1970:))
        }
    }

    private static let journalColumns = "id, time, cmd, callid, params, status, latency_ms, error, client, request_bytes, count, answer"

    /// The entries a query that selects `journalColumns` finds.
    private func entries(_ query: PostgresQuery) async throws -> [JournalEntry] {
        var entries: [JournalEntry] = []
        let rows = try await client.run(query, logger: logger)
        for try await row in rows.decode((Int64, Double, String?, String?, String, Int, Double, String?, String?, Int?, Int, String?).self) {
            entries.append(
                JournalEntry(
                    id: row.0, time: Date(timeIntervalSince1970: row.1), cmd: row.2, callid: row.3, params: JSONColumn.decode(row.4) ?? [:],
                    status: row.5, latencyMs: row.6, error: row.7, client: row.8, requestBytes: row.9, count: row.10, answer: row.11
                )
            )
        }
        return entries
    }
}
