import CRMCore
import Foundation
import GRDB
import Logging
import PBXProtocol
import Synchronization

/// The store boundary on SQLite, through GRDB, in the manner of GRDB's `AppDatabase`: a WAL
/// database pool for a file (a queue for `:memory:`), the schema's migrations (`Schema`), Codable
/// records (`Records/`), and one method per thing the CRM wants done, each in one transaction.
///
/// Beside the database it keeps the in-memory indexes it alone keeps current, in the commit hook of
/// every write that touches them: the phone index for the `contact` hot path (`PhoneIndex/`), the
/// managers for resolving `user` (`ManagerDirectory`), and the contacts' name ranks for search
/// pages (`Search/`). Each is exact the moment a write returns.
public final class SQLiteStore: CRMStore {
    let writer: any DatabaseWriter
    let groupCommit: GroupCommit
    let phones = PhoneIndex()
    /// Contacts' positions in name order, for search pages.
    let nameOrder = NameOrder()
    let managerDirectory = ManagerDirectory()
    let defaultCountry: CountryCode
    let journalRetention: Int
    let journalMaximumBytes: Int
    /// What the journal's rows add up to, once known: kept current by every journal write.
    let journalBytes = Mutex<Int?>(nil)
    let logger: Logger
    let writeHealth: WriteHealth

    /// Opens (creating and migrating as needed) the database at `path`, or an in-memory one for `:memory:`.
    public init(
        path: String, defaultCountry: CountryCode = .russia, journalRetention: Int = 100_000, journalMaximumBytes: Int = 256 << 20,
        synchronous: SynchronousMode = .normal, logger: Logger
    ) throws {
        var configuration = Configuration()
        // Another process (or a previous server shutting down) may hold the file for a moment.
        configuration.busyMode = .timeout(5)
        let pragma = synchronous == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"
        configuration.prepareDatabase { db in
            // WAL commits are atomic and survive a crash of the process without an fsync per write;
            // FULL syncs the WAL at every commit, so they also survive a power cut.
            try db.execute(sql: pragma)
        }
        if path == ":memory:" {
            writer = try DatabaseQueue(configuration: configuration)
        } else {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try DatabaseFiles.prepare(path)
            if DatabaseFiles.isShared(path) {
                logger.warning("The database file is readable by others: it holds password hashes and tokens (chmod 600)", metadata: ["path": "\(path)"])
            }
            writer = try DatabasePool(path: path, configuration: configuration)
        }
        groupCommit = GroupCommit(writer: writer)
        self.defaultCountry = defaultCountry
        self.journalRetention = journalRetention
        self.journalMaximumBytes = journalMaximumBytes
        self.logger = logger
        writeHealth = WriteHealth(logger: logger)
        try Schema.migrator.migrate(writer)
        try managerDirectory.replace(with: writer.read { db in try ManagerRecord.fetchAll(db).map(\.manager) })
    }

    /// Loads the phone index; until it is ready, lookups are answered from the database.
    /// Server start does not wait for it: a large database is served while its index warms up.
    public func warmUp() async {
        guard !phones.isReady else { return }
        let started = ContinuousClock.now
        phones.beginLoading()
        do {
            let builder = try await writer.read { db in try Self.buildPhoneIndex(db) }
            phones.finishLoading(builder.take())
            logger.info("Phone index ready", metadata: ["elapsed": "\(ContinuousClock.now - started)"])
        } catch {
            logger.error("Phone index failed to load; lookups stay on the database", metadata: ["error": "\(error)"])
        }
        await buildNameOrder()
    }

    /// (Re)builds the ranks search pages are ordered by, from one walk of the name index.
    func buildNameOrder() async {
        guard nameOrder.beginBuilding() else { return }
        let started = ContinuousClock.now
        do {
            let ranks = try await writer.read { db -> [UInt32]? in
                let maximumID = try Int64.fetchOne(db, sql: "SELECT max(id) FROM contact") ?? 0
                // Ranks are indexed by id: ids far sparser than the contacts are not worth the memory.
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact") ?? 0
                guard maximumID <= Int64(max(4 * count, 1 << 20)) else { return nil }
                var builder = NameOrder.Builder(maximumID: maximumID)
                let ids = try Int64.fetchCursor(db, sql: "SELECT id FROM contact INDEXED BY contact_by_name ORDER BY name_key, id")
                while let id = try ids.next() { builder.append(id) }
                return builder.ranks
            }
            guard let ranks else {
                nameOrder.abandonBuilding()
                return
            }
            nameOrder.finishBuilding(ranks)
            logger.info("Name order ready", metadata: ["elapsed": "\(ContinuousClock.now - started)"])
        } catch {
            nameOrder.abandonBuilding()
            logger.error("Name order failed to build; searches sort by name", metadata: ["error": "\(error)"])
        }
    }

    /// Inside a contact write, before it commits: these contacts' ranks are no longer trusted.
    func nameOrderChanges(_ ids: Int64...) {
        guard nameOrder.markDirty(ids) else { return }
        Task { await self.buildNameOrder() }
    }

    public var isPhoneIndexReady: Bool { phones.isReady }

    private static func buildPhoneIndex(_ db: Database) throws -> BuilderTransfer {
        let phoneCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact_phone") ?? 0
        // Characters, not UTF-8 bytes: the index keeps Russian names in one byte a character.
        let nameBytes = try Int.fetchOne(db, sql: "SELECT coalesce(sum(length(name)), 0) FROM contact") ?? 0
        var builder = PhoneIndex.Builder(expectedPhones: phoneCount, expectedNameBytes: nameBytes)
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT p.phone, c.id, c.name, c.responsible_id
                FROM contact_phone p JOIN contact c ON c.id = p.contact_id
                ORDER BY p.contact_id
                """
        )
        while let row = try rows.next() {
            builder.add(
                phone: PhoneNumber(stored: row[0]), contactID: row[1], name: row[2], responsible: row[3]
            )
        }
        return BuilderTransfer(builder)
    }
}

/// Carries the non-copyable builder out of the database closure.
final class BuilderTransfer: @unchecked Sendable {
    private var builder: PhoneIndex.Builder?

    init(_ builder: consuming PhoneIndex.Builder) {
        self.builder = .some(builder)
    }

    func take() -> PhoneIndex.Builder {
        builder.take()!
    }
}

extension SQLiteStore {
    /// A SQLite file belongs to one process: its hub is fed directly, and nobody else changes it.
    public var liveFeed: (any LiveFeed)? { nil }

    public func remoteChanges() -> AsyncStream<RemoteChange> {
        AsyncStream { $0.finish() }
    }
}

extension SQLiteStore {
    /// GRDB closes the file when the store goes away.
    public func close() async {}
}
