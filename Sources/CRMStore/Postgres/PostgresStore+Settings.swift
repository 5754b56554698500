import CRMCore
import Foundation
internal import PostgresNIO

extension PostgresStore {
    public func settings() async throws -> [String: String] {
        try await run {
            Dictionary(
                try await client.run("SELECT key, value FROM setting", logger: logger).decode((String, String).self).all(),
                uniquingKeysWith: { $1 }
            )
        }
    }

    public func updateSettings(_ changes: [String: String?]) async throws {
        try await transaction { connection in
            for (key, value) in changes {
                if let value {
                    try await connection.run(
                        "INSERT INTO setting (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        logger: logger
                    )
                } else {
                    try await connection.run("DELETE FROM setting WHERE key = \(key)", logger: logger)
                }
            }
            try await Self.announce(.settings, connection, logger: logger)
        }
    }

    // MARK: Data sets

    public func isEmpty() async throws -> Bool {
        try await run {
            try await client.run("SELECT (SELECT count(*) FROM manager) + (SELECT count(*) FROM contact)", logger: logger)
                .decode(Int.self).all().first == 0
        }
    }

    public func savedDataSet() async throws -> SeedData? {
        try await run {
            try await client.run("SELECT seed FROM data_set WHERE id = 1", logger: logger).decode(String.self).all().first
                .flatMap { JSONColumn.decode($0) }
        }
    }

    public func saveDataSet(_ dataSet: SeedData) async throws {
        let seed = JSONColumn.encode(dataSet)
        try await run {
            _ = try await client.run(
                "INSERT INTO data_set (id, seed) VALUES (1, \(seed)) ON CONFLICT (id) DO UPDATE SET seed = excluded.seed", logger: logger
            )
        }
    }

    /// Loads a batch in one transaction, then its calls; every instance reloads its indexes.
    public func importData(_ batch: ImportBatch, replacing: Bool) async throws {
        let defaultCountry = self.defaultCountry
        try await transaction { connection in
            if replacing {
                try await Self.endSessionsChanged(by: batch, connection, logger: logger)
                try await connection.run(
                    "TRUNCATE call_rating, call_leg, call_event, call, contact_phone, contact, manager, journal, live_message CASCADE",
                    logger: logger
                )
                try await connection.run("UPDATE journal_total SET bytes = 0", logger: logger)
            }
            for (manager, hash) in batch.managers {
                try await Self.insert(manager, passwordHash: hash, connection, logger: logger)
            }
            for draft in batch.contacts {
                _ = try await Self.insert(draft, phones: draft.phones.distinctNumbers, defaultCountry: defaultCountry, connection, logger: logger)
            }
            try await Self.announce(.everything, connection, logger: logger)
        }
        await reloadManagers()
        for history in batch.calls {
            var resolved = history
            resolved.contact = try await run { try await Self.winner(for: history.request.phone, client, logger: logger)?.contactID }
            _ = try await recordHistory(resolved)
        }
        phones.reset()
        await reloadPhoneIndex()
    }
}
