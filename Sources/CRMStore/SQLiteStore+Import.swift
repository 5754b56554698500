import CRMCore
import Foundation
import GRDB
import PBXProtocol

extension SQLiteStore: DataImporting {
    public func isEmpty() async throws -> Bool {
        try await writer.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM manager) + (SELECT count(*) FROM contact)") == 0
        }
    }

    /// Loads a batch in one transaction; the phone directory is rebuilt afterwards.
    public func importData(_ batch: ImportBatch, replacing: Bool) async throws {
        let defaultCountry = self.defaultCountry
        try await write { db in
            if replacing {
                for table in ["call_rating", "call_leg", "call_event", "call", "contact_phone", "contact", "manager", "journal"] {
                    try db.execute(sql: "DELETE FROM \(table)")
                }
                db.afterNextTransaction(onCommit: { _ in self.journalBytes.withLock { $0 = nil } })
            }
            for (manager, hash) in batch.managers {
                try Self.insert(manager, passwordHash: hash, db)
            }
            let now = Date().timeIntervalSince1970
            for draft in batch.contacts {
                let phones = Self.unique(draft.phones)
                try db.execute(
                    sql: """
                        INSERT INTO contact (name, name_key, company, notes, responsible_id, search_text, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        draft.name, NameKey.of(draft.name), draft.company, draft.notes, draft.responsible,
                        SearchText.document(name: draft.name, company: draft.company, phones: phones, defaultCountry: defaultCountry),
                        now, now,
                    ]
                )
                try Self.replacePhones(of: db.lastInsertedRowID, with: phones, extensions: draft.extensions, db)
            }
            try self.refreshManagerDirectory(db)
        }
        for history in batch.calls {
            var resolved = history
            resolved.contact = try await lookupByDatabase(history.request.phone)
            _ = try await recordHistory(resolved)
        }
        phones.reset()
        nameOrder.reset()
        await warmUp()
    }

    public func savedDataSet() async throws -> SeedData? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT seed FROM data_set WHERE id = 1").flatMap { JSONColumn.decode($0) }
        }
    }

    public func saveDataSet(_ dataSet: SeedData) async throws {
        let json = JSONColumn.encode(dataSet)
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO data_set (id, seed) VALUES (1, ?)", arguments: [json])
        }
    }

    private func lookupByDatabase(_ phone: PhoneNumber) async throws -> Int64? {
        try await writer.read { db in try Self.winner(for: phone, db)?.contactID }
    }
}
