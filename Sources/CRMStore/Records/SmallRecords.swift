import CRMCore
import Foundation
import GRDB

/// A row of `setting`.
struct SettingRecord: SchemaRecord, PersistableRecord {
    static let databaseTableName = "setting"

    var key: String
    var value: String
}

/// A row of `expiring_value`: the UI's login sessions, so a restart does not log everyone out.
struct ExpiringValueRecord: SchemaRecord, PersistableRecord {
    static let databaseTableName = "expiring_value"

    var key: String
    var value: Data
    var expiresAt: Date?

    enum Columns {
        static let key = Column("key")
        static let expiresAt = Column("expires_at")
    }

    /// Values that have not expired at `now`.
    static func live(at now: Date) -> QueryInterfaceRequest<ExpiringValueRecord> {
        filter(Columns.expiresAt == nil || Columns.expiresAt > now.timeIntervalSince1970)
    }
}

/// The one row of `data_set`: the data set an admin's reset returns to.
struct DataSetRecord: SchemaRecord, PersistableRecord {
    static let databaseTableName = "data_set"

    var id = 1
    var seed: SeedData
}
