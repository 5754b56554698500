import CRMCore
import Foundation
import GRDB

/// A row of `setting`.
struct SettingRecord: SchemaRecord, PersistableRecord {
    static let databaseTableName = "setting"

    var key: String
    var value: String
}

/// The one row of `data_set`: the data set an admin's reset returns to.
struct DataSetRecord: SchemaRecord, PersistableRecord {
    static let databaseTableName = "data_set"

    var id = 1
    var seed: SeedData
}
