import CRMCore
import Foundation
import Logging
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMStore

/// A real SQLite file in its own temporary directory.
struct TemporaryDatabase: Sendable {
    let directory: URL
    var path: String { directory.appendingPathComponent("crm.sqlite").path }

    func open(journalRetention: Int = 100_000, journalMaximumBytes: Int = 256 << 20, defaultCountry: CountryCode = .russia) throws
        -> SQLiteStore
    {
        try SQLiteStore(
            path: path, defaultCountry: defaultCountry, journalRetention: journalRetention, journalMaximumBytes: journalMaximumBytes,
            logger: Logger(label: "test")
        )
    }
}

/// Runs `body` with a fresh database file, and removes the file afterwards.
func withDatabase<T>(_ body: (TemporaryDatabase) async throws -> T) async throws -> T {
    let database = TemporaryDatabase(
        directory: FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-store-\(UUID().uuidString)")
    )
    defer { try? FileManager.default.removeItem(at: database.directory) }
    return try await body(database)
}

/// Runs `body` with a SQLite store on a fresh file that has two managers, for what only SQLite has.
func withSQLiteStore<T>(warm: Bool = true, _ body: (SQLiteStore) async throws -> T) async throws -> T {
    try await withDatabase { database in try await body(try await Fixture.store(database, warm: warm)) }
}

/// The engines behind the storage boundary: one suite of behaviour tests runs on each. PostgreSQL
/// takes part when `Tests/test.sh` started a server for the suite.
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static var available: [Engine] { TestPostgres.serverURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

/// Runs `body` with a store on a fresh database that has two managers.
func withStore<T>(
    on engine: Engine = .sqlite, warm: Bool = true, journalRetention: Int = 100_000, journalMaximumBytes: Int = 256 << 20,
    _ body: (any CRMStore) async throws -> T
) async throws -> T {
    switch engine {
    case .sqlite:
        try await withDatabase { database in
            try await body(
                try await Fixture.store(database, warm: warm, journalRetention: journalRetention, journalMaximumBytes: journalMaximumBytes)
            )
        }
    case .postgres:
        try await TestPostgres.withDatabase { url in
            let store = try await PostgresStore(
                url: PostgresURL(url)!, journalRetention: journalRetention, journalMaximumBytes: journalMaximumBytes,
                logger: Logger(label: "test")
            )
            let outcome: Result<T, any Error>
            do {
                try await Fixture.prepare(store, warm: warm)
                outcome = .success(try await body(store))
            } catch {
                outcome = .failure(error)
            }
            await store.close()
            return try outcome.get()
        }
    }
}

enum Fixture {
    static let managers = [
        Manager(id: "ivanov", name: "Иван Иванов", login: "ivanov", role: .manager, pbxAccount: "ivanov", active: true),
        Manager(id: "petrova", name: "Мария Петрова", login: "petrova", role: .manager, pbxAccount: "petrova", active: true),
    ]

    /// A store with two managers, optionally with its phone directory loaded.
    static func store(
        _ database: TemporaryDatabase, warm: Bool = true, journalRetention: Int = 100_000, journalMaximumBytes: Int = 256 << 20
    ) async throws -> SQLiteStore {
        let store = try database.open(journalRetention: journalRetention, journalMaximumBytes: journalMaximumBytes)
        try await prepare(store, warm: warm)
        return store
    }

    static func prepare(_ store: any CRMStore, warm: Bool) async throws {
        for manager in managers {
            _ = try await store.createManager(manager, passwordHash: "x")
        }
        if warm { await store.warmUp() }
    }

    static func history(
        callid: String, user: String = "ivanov", phone: String = "79161234567", duration: Int = 30, links: [String] = [],
        status: CallStatus? = .success, start: Date? = Date(timeIntervalSince1970: 1_796_112_902), direction: CallDirection = .incoming,
        manager: ManagerID? = "ivanov", contact: Int64? = nil, rating: Int? = nil, extras: [String: String] = [:],
        receivedAt: Date = Date(timeIntervalSince1970: 1_796_113_000)
    ) -> ReceivedHistory {
        ReceivedHistory(
            request: HistoryRequest(
                direction: direction, user: user, phone: PhoneNumber(phone), duration: duration, callid: callid, links: links,
                start: start, status: status, rating: rating, extras: extras
            ),
            manager: manager, contact: contact, receivedAt: receivedAt
        )
    }

    static func event(
        _ type: CallEventType, callid: String, user: String = "ivanov", phone: String = "79161234567", at seconds: Double = 0
    ) -> ReceivedEvent {
        ReceivedEvent(
            request: EventRequest(type: type, phone: PhoneNumber(phone), user: user, callid: callid), manager: user, contact: nil,
            receivedAt: Date().addingTimeInterval(seconds)
        )
    }
}
