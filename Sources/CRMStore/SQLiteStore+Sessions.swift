import CRMCore
import Foundation
import GRDB

extension SQLiteStore {
    public func value(forKey key: String) async throws -> (value: [UInt8], expires: Date?)? {
        let now = Date()
        return try await writer.read { db in
            try ExpiringValueRecord.live(at: now).filter(key: key).fetchOne(db).map { ([UInt8]($0.value), $0.expiresAt) }
        }
    }

    public func setValue(_ value: [UInt8], forKey key: String, expires: Date?, onlyIfAbsent: Bool) async throws -> Bool {
        let now = Date()
        return try await write { db in
            // Expired values go whenever a value is written: no sweeper needed.
            try ExpiringValueRecord.filter(ExpiringValueRecord.Columns.expiresAt <= now.timeIntervalSince1970).deleteAll(db)
            if onlyIfAbsent, try ExpiringValueRecord.exists(db, key: key) { return false }
            try ExpiringValueRecord(key: key, value: Data(value), expiresAt: expires).upsert(db)
            return true
        }
    }

    public func removeValue(forKey key: String) async throws {
        _ = try await write { db in try ExpiringValueRecord.deleteOne(db, key: key) }
    }
}
