import GRDB

/// How every record of the schema maps to its table: snake_case columns for camelCase properties,
/// times as seconds since 1970 (REAL), lists and objects as JSON text. Records without an
/// autoincremented id are also `PersistableRecord`s.
protocol SchemaRecord: Codable, FetchableRecord, MutablePersistableRecord {}

extension SchemaRecord {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
}
