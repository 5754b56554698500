import CRMCore
import GRDB

extension SQLiteStore: SettingsStore {
    public func settings() async throws -> [String: String] {
        try await writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM setting").map { ($0[0], $0[1]) })
        }
    }

    public func updateSettings(_ changes: [String: String?]) async throws {
        try await write { db in
            for (key, value) in changes {
                if let value {
                    try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", arguments: [key, value])
                } else {
                    try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
                }
            }
        }
    }
}
