import CRMCore
import Foundation
import GRDB

extension SQLiteStore: ExpiringValueStore {
    public func value(forKey key: String) async throws -> (value: [UInt8], expires: Date?)? {
        let now = Date().timeIntervalSince1970
        return try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT value, expires_at FROM expiring_value WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)",
                arguments: [key, now]
            ).map { row in
                let data: Data = row[0]
                return ([UInt8](data), (row[1] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    public func setValue(_ value: [UInt8], forKey key: String, expires: Date?, onlyIfAbsent: Bool) async throws -> Bool {
        let now = Date().timeIntervalSince1970
        return try await write { db in
            // Expired values go whenever a value is written: no sweeper needed.
            try db.execute(sql: "DELETE FROM expiring_value WHERE expires_at <= ?", arguments: [now])
            if onlyIfAbsent, try Bool.fetchOne(db, sql: "SELECT 1 FROM expiring_value WHERE key = ?", arguments: [key]) == true {
                return false
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO expiring_value (key, value, expires_at) VALUES (?, ?, ?)",
                arguments: [key, Data(value), expires?.timeIntervalSince1970]
            )
            return true
        }
    }

    public func removeValue(forKey key: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM expiring_value WHERE key = ?", arguments: [key]) }
    }
}
