import CRMCore
import Foundation
import GRDB
import PBXProtocol

extension SQLiteStore {
    public func isEmpty() async throws -> Bool {
        try await writer.read { db in try ManagerRecord.fetchCount(db) + ContactRecord.fetchCount(db) == 0 }
    }

    /// Loads a batch in one transaction, then its calls; the phone index is rebuilt afterwards.
    public func importData(_ batch: ImportBatch, replacing: Bool) async throws {
        let defaultCountry = self.defaultCountry
        try await write { db in
            if replacing {
                try Self.endSessionsChanged(by: batch, db)
                // Children before parents; the settings and the data set to reset to stay.
                for table in ["call_rating", "call_leg", "call_event", "call", "contact_phone", "contact", "manager", "journal"] {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
                db.afterNextTransaction(onCommit: { _ in self.journalBytes.withLock { $0 = nil } })
            }
            for (manager, hash) in batch.managers {
                try ManagerRecord(manager, passwordHash: hash).insert(db)
            }
            let now = Date()
            for draft in batch.contacts {
                _ = try Self.insert(draft, defaultCountry: defaultCountry, at: now, db)
            }
            try self.refreshManagerDirectory(db)
        }
        for history in batch.calls {
            var resolved = history
            resolved.contact = try await writer.read { db in try Self.winner(for: history.request.phone, db)?.contactID }
            _ = try await recordHistory(resolved)
        }
        phones.reset()
        nameOrder.reset()
        await warmUp()
    }

    /// Before a replacing import: the sessions of managers it removes, or whose password, role or
    /// activity it changes, end (`Manager.endsSessions`); the others stay logged in.
    private static func endSessionsChanged(by batch: ImportBatch, _ db: Database) throws {
        let incoming = Dictionary(batch.managers.map { ($0.manager.id, $0) }, uniquingKeysWith: { first, _ in first })
        for record in try ManagerRecord.fetchAll(db) {
            let ends = incoming[record.id].map {
                record.manager.endsSessions(becoming: $0.manager, passwordChanged: $0.passwordHash != record.passwordHash)
            } ?? true
            if ends { _ = try deleteSessions(of: record.id, keeping: nil, db) }
        }
    }

    public func savedDataSet() async throws -> SeedData? {
        try await writer.read { db in try DataSetRecord.fetchOne(db)?.seed }
    }

    public func saveDataSet(_ dataSet: SeedData) async throws {
        try await write { db in try DataSetRecord(seed: dataSet).upsert(db) }
    }
}
