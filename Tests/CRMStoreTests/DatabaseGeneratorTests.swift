import BenchmarkData
import CRMCore
import Foundation
import GRDB
import Logging
import PBXProtocol
import Testing

@testable import CRMStore

/// `minicrm generate`: bulk-loaded without indexes and triggers, the database must come out exactly
/// as the schema makes it, with every row findable.
@Suite struct DatabaseGeneratorTests {
    @Test func aGeneratedDatabaseHasTheWholeSchemaAndEveryRowIsFound() async throws {
        try await withDatabase { database in
            try FileManager.default.createDirectory(at: database.directory, withIntermediateDirectories: true)
            let summary = try await DatabaseGenerator(contacts: 3_000, calls: 2_500, managers: 7).generate(at: database.path)
            #expect(summary.contacts == 3_000)
            #expect(summary.calls == 2_500)
            #expect(summary.phones == (0..<3_000).reduce(0) { $0 + DatabaseGenerator.phones(ofContact: $1).count })

            // The same indexes, triggers and tables as a database the migrations made.
            let reference = try DatabaseQueue()
            try Schema.migrator.migrate(reference)
            let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name"
            let expected = try await reference.read { db in try Row.fetchAll(db, sql: schema).map { $0.description } }
            let store = try database.open()
            let generated = try await store.writer.read { db in try Row.fetchAll(db, sql: schema).map { $0.description } }
            #expect(generated == expected)
            #expect(try await store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")

            // Phones through the directory and the database, search through the trigram index and its triggers.
            await store.warmUp()
            for index in [0, 1, 2, 1_234, 2_999] {
                for phone in DatabaseGenerator.phones(ofContact: index) {
                    #expect(try await store.lookupContact(phone: phone)?.contactID == Int64(index + 1))
                }
            }
            #expect(try await store.lookupContact(phone: PhoneNumber("79990000001")) == nil)
            let first = try #require(try await store.contact(id: 1))
            let fragment = String(first.name.split(separator: " ")[0].dropFirst(1))
            #expect(try await store.contacts(matching: fragment, limit: 500, offset: 0).items.contains { $0.id == 1 })
            let renamed = try #require(try await store.updateContact(id: 1, with: ContactPatch(name: "Уникальнова Проверка")))
            #expect(try await store.contacts(matching: "уникальнова", limit: 5, offset: 0).items.map(\.id) == [renamed.id])

            // Calls: every one stored once, ids unique, the known ones joined to their contacts.
            let calls = try await store.calls(CallFilter(limit: 10))
            #expect(calls.total == 2_500)
            let distinct = try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(DISTINCT callid) FROM call") }
            #expect(distinct == 2_500)
            #expect(calls.items.contains { $0.contact != nil })
            let admin = try await store.credentials(login: "admin")
            #expect(admin?.manager.isAdmin == true)
        }
    }
}
