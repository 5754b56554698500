import CRMCore
import Foundation
import GRDB

extension SQLiteStore {
    public func settings() async throws -> [String: String] {
        try await writer.read { db in
            Dictionary(try SettingRecord.fetchAll(db).map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        }
    }

    public func updateSettings(_ changes: [String: String?]) async throws {
        try await write { db in
            for (key, value) in changes {
                if let value {
                    try SettingRecord(key: key, value: value).upsert(db)
                } else {
                    try SettingRecord.deleteOne(db, key: key)
                }
            }
        }
    }
}
