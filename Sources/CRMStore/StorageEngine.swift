import CRMCore
import Logging
import PBXProtocol

/// The engine `--database` names: a file path or `:memory:` for SQLite, `postgres://…` for
/// PostgreSQL, shared by several instances.
public enum StorageEngine {
    public static func open(
        _ database: String, defaultCountry: CountryCode, journalMaximumBytes: Int, synchronous: SynchronousMode = .normal,
        wait: Duration = .seconds(30), logger: Logger
    ) async throws -> any CRMStore {
        if let url = PostgresURL(database) {
            return try await PostgresStore(
                url: url, defaultCountry: defaultCountry, journalMaximumBytes: journalMaximumBytes, wait: wait, logger: logger
            )
        }
        return try SQLiteStore(
            path: database, defaultCountry: defaultCountry, journalMaximumBytes: journalMaximumBytes, synchronous: synchronous, logger: logger
        )
    }

    /// Whether `database` names a PostgreSQL server rather than a SQLite file.
    public static func isPostgres(_ database: String) -> Bool {
        PostgresURL(database) != nil
    }
}
