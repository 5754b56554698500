import CRMCore
import Foundation
import Logging
import PBXProtocol
internal import PostgresNIO
import Synchronization

/// The store boundary on PostgreSQL, for several MiniCRM instances behind one address: the same
/// schema concepts and guarantees as `SQLiteStore`, with PostgreSQL's own replication and backups.
///
/// Every instance keeps its in-memory indexes (the phone index, the managers) current from its own
/// writes and from the other instances' writes, which PostgreSQL announces with `NOTIFY`
/// (`PostgresChanges`). A write returns once its transaction committed; a write that could race
/// another instance's on the same call takes the call's advisory lock first.
public final class PostgresStore: CRMStore {
    let client: PostgresClient
    private let running: Task<Void, Never>
    let phones = PhoneIndex()
    let managerDirectory = ManagerDirectory()
    let defaultCountry: CountryCode
    let journalRetention: Int
    let journalMaximumBytes: Int
    let logger: Logger
    /// Changes other instances committed, once the listener runs.
    let changes: PostgresChanges

    /// Connects (waiting up to `wait` for the server to come up) and migrates the schema.
    public init(
        url: PostgresURL, defaultCountry: CountryCode = .russia, journalRetention: Int = 100_000, journalMaximumBytes: Int = 256 << 20,
        maximumConnections: Int = 10, wait: Duration = .seconds(30), logger: Logger
    ) async throws {
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(3)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        running = Task { await client.run() }
        self.defaultCountry = defaultCountry
        self.journalRetention = journalRetention
        self.journalMaximumBytes = journalMaximumBytes
        self.logger = logger
        changes = PostgresChanges(url: url, logger: logger)
        do {
            try await Self.waitForServer(client, url: url, wait: wait, logger: logger)
            try await PostgresSchema.migrate(client, logger: logger)
            managerDirectory.replace(with: try await Self.allManagers(client))
        } catch {
            running.cancel()
            throw error
        }
    }

    /// Stops the connections; call once the server has shut down.
    public func close() async {
        changes.stop()
        running.cancel()
        await running.value
    }

    private static func waitForServer(_ client: PostgresClient, url: PostgresURL, wait: Duration, logger: Logger) async throws {
        let deadline = ContinuousClock.now + wait
        while true {
            do {
                try await client.run("SELECT 1", logger: logger)
                return
            } catch {
                guard ContinuousClock.now < deadline else {
                    throw StoreError.unavailable("PostgreSQL at \(url.displayed) does not answer: \(String(reflecting: error))")
                }
                logger.warning("Waiting for PostgreSQL", metadata: ["database": "\(url.displayed)"])
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    /// Loads the phone index, and starts following the other instances' changes.
    public func warmUp() async {
        await reloadPhoneIndex()
        changes.start(store: self)
    }

    /// (Re)loads the phone index from the database; lookups go to the database meanwhile.
    func reloadPhoneIndex() async {
        let started = ContinuousClock.now
        phones.beginLoading()
        do {
            var builder = PhoneIndex.Builder()
            let rows = try await client.run(
                """
                SELECT p.phone, c.id, c.name, c.responsible_id FROM contact_phone p JOIN contact c ON c.id = p.contact_id
                ORDER BY p.contact_id
                """,
                logger: logger
            )
            for try await (phone, id, name, responsible) in rows.decode((String, Int64, String, String?).self) {
                builder.add(phone: PhoneNumber(stored: phone), contactID: id, name: name, responsible: responsible)
            }
            phones.finishLoading(builder)
            logger.info("Phone index ready", metadata: ["elapsed": "\(ContinuousClock.now - started)"])
        } catch {
            phones.reset()
            logger.error("Phone index failed to load; lookups stay on the database", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    public var isPhoneIndexReady: Bool { phones.isReady }

    static func allManagers(_ client: PostgresClient) async throws -> [Manager] {
        try await client.run("SELECT \(unescaped: ManagerColumns.list) FROM manager", logger: Logger(label: "minicrm.postgres"))
            .decode(ManagerColumns.Row.self).all().map(ManagerColumns.manager)
    }

    /// One transaction; constraint violations come back as the domain's `StoreError`, an unreachable
    /// server as `StoreError.unavailable`.
    func transaction<T: Sendable>(_ work: (PostgresConnection) async throws -> sending T) async throws -> sending T {
        do {
            return try await client.withTransaction(logger: logger, work)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// One statement or a read, errors mapped as for `transaction`.
    func run<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch {
            throw Self.storeError(error)
        }
    }

    static func storeError(_ error: any Error) -> any Error {
        let psql = (error as? PSQLError) ?? ((error as? PostgresTransactionError)?.closureError as? PSQLError)
        guard let psql else { return error }
        switch psql.serverInfo?[.sqlState] {
        case "23505":
            let constraint = psql.serverInfo?[.constraintName] ?? ""
            if constraint.contains("login") { return StoreError.conflict("login is taken") }
            if constraint.contains("pbx_account") { return StoreError.conflict("PBX account is mapped to another manager") }
            if constraint.contains("manager_pkey") { return StoreError.conflict("manager id is taken") }
            return StoreError.conflict("already exists")
        case "23503": return StoreError.invalidReference("no such manager")
        // Anything else — the server gone, restarting, refusing connections — is for the caller to retry.
        default: return StoreError.unavailable("PostgreSQL: \(psql.serverInfo?[.message] ?? "\(psql.code)")")
        }
    }
}
