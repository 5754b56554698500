import CRMCore
import CRMStore
import Foundation
import GRDB
import PBXProtocol

/// Builds a large, realistic database quickly, for `minicrm bench`: managers, contacts with about
/// 1.3 phones each, calls spread over a year. It writes CRMStore's schema directly, bypassing the
/// store: the plain way (creating a million contacts through the store, one transaction each) takes
/// about an hour; this takes half a minute.
///
/// A million contacts and a million calls in well under a minute on two cores: the rows of the next
/// batch are made on one core while SQLite stores the current one on the other; the tables are
/// filled without their secondary indexes and search triggers, which are then built once from
/// sorted data (the indexes) and in one pass (the trigram index) instead of row by row; call ids
/// ascend, so their unique index only ever appends.
public struct DatabaseGenerator: Sendable {
    public var contacts: Int
    public var calls: Int
    public var managers: Int
    public var seed: UInt64

    public init(contacts: Int, calls: Int, managers: Int = 200, seed: UInt64 = 42) {
        self.contacts = contacts
        self.calls = calls
        self.managers = managers
        self.seed = seed
    }

    public struct Summary: Sendable {
        public var managers: Int
        public var contacts: Int
        public var phones: Int
        public var calls: Int
        public var elapsed: Duration
    }

    /// Numbers the generator never hands out: callers a benchmark can use as "unknown".
    public static let unknownPrefix = "+7999"

    static let batch = 100_000

    /// Writes a new database at `path` (an existing file is replaced).
    public func generate(at path: String, progress: @Sendable (String) -> Void = { _ in }) async throws -> Summary {
        let started = ContinuousClock.now
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try Schema.migrator.migrate(queue)
        let hash = await PasswordHasher.hash("demo")
        let adminHash = await PasswordHasher.hash("admin")
        let (managers, contacts, calls, seed) = (self.managers, self.contacts, self.calls, self.seed)

        try await queue.write { db in
            let insert = try db.makeStatement(
                sql: "INSERT INTO manager (id, name, login, password_hash, role, pbx_account, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)"
            )
            try insert.execute(arguments: ["admin", "Администратор", "admin", adminHash, "admin", "admin", Date().timeIntervalSince1970])
            var names = NamePicker(seed: seed)
            for index in 1...max(managers, 1) {
                let id = "m\(index)"
                try insert.execute(arguments: [id, names.personName(), id, hash, "manager", id, Date().timeIntervalSince1970])
            }
        }
        progress("managers: \(managers)")

        // Indexes and triggers go, and come back once the rows are in.
        let deferred = try await queue.write { db in try Self.dropSecondaryStructures(db) }

        var phoneCount = 0
        let now = Date().timeIntervalSince1970
        try await Self.pipeline(
            total: contacts, make: { range in Self.contactRows(range, managers: managers, seed: seed) },
            store: { rows in
                phoneCount += try await queue.write { db in try Self.insert(rows, now: now, db) }
                progress("contacts: \(rows.last.map { $0.id } ?? 0)")
            }
        )
        var callCount = 0
        try await Self.pipeline(
            total: calls, make: { range in Self.callRows(range, contacts: contacts, managers: managers, seed: seed, now: now) },
            store: { rows in
                try await queue.write { db in try Self.insert(rows, db) }
                callCount += rows.count
                progress("calls: \(callCount)")
            }
        )

        progress("indexes")
        try await queue.writeWithoutTransaction { db in
            for statement in deferred { try db.execute(sql: statement) }
        }
        progress("search index")
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                INSERT INTO contact_search(contact_search) VALUES ('rebuild');
                INSERT INTO contact_search(contact_search) VALUES ('optimize');
                ANALYZE;
                PRAGMA wal_checkpoint(TRUNCATE);
                """)
        }
        try queue.close()
        return Summary(managers: managers, contacts: contacts, phones: phoneCount, calls: calls, elapsed: ContinuousClock.now - started)
    }

    /// Makes batch n+1 on another core while batch n is stored.
    private static func pipeline<Row: Sendable>(
        total: Int, make: @escaping @Sendable (Range<Int>) -> [Row], store: ([Row]) async throws -> Void
    ) async throws {
        guard total > 0 else { return }
        func range(_ start: Int) -> Range<Int> { start..<min(start + batch, total) }
        var next = Task { make(range(0)) }
        var start = 0
        while start < total {
            let rows = await next.value
            start += batch
            if start < total {
                let upcoming = range(start)
                next = Task { make(upcoming) }
            }
            try await store(rows)
        }
    }

    /// Drops the secondary indexes and the triggers of the bulk-loaded tables; returns the SQL that
    /// makes them again.
    static func dropSecondaryStructures(_ db: Database) throws -> [String] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT type, name, sql FROM sqlite_master
                WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ('contact', 'contact_phone', 'call')
                ORDER BY type, name
                """
        )
        var recreate: [String] = []
        for row in rows {
            let (type, name, sql): (String, String, String) = (row[0], row[1], row[2])
            try db.execute(sql: "DROP \(type == "index" ? "INDEX" : "TRIGGER") \(name.quotedDatabaseIdentifier)")
            recreate.append(sql)
        }
        return recreate
    }
}
