import Foundation
import GRDB
import MiniCRMTesting
import Testing

@testable import CRMServer
@testable import CRMStore

/// A database that cannot be written — read-only, or its disk full — answers writes `503
/// {"error":…}`, goes on serving reads and lookups, says so in one log line, and recovers by itself.
///
/// The faults are SQLite's own (`query_only` makes every write fail as a read-only file does,
/// `max_page_count` as a full disk does), set on the store's one writing connection.
@Suite struct DiskFaultTests {
    enum Fault: String, CaseIterable, CustomTestStringConvertible {
        case readOnly, full

        var testDescription: String { rawValue }
    }

    static func set(_ fault: Fault, on: Bool, _ store: SQLiteStore) async throws {
        try await store.writer.writeWithoutTransaction { db in
            switch (fault, on) {
            case (.readOnly, let on): try db.execute(sql: "PRAGMA query_only = \(on ? 1 : 0)")
            case (.full, true):
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
                _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
            case (.full, false): _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = 1073741823")
            }
        }
    }

    @Test(arguments: Fault.allCases)
    func writesAre503ReadsGoOnAndItRecovers(fault: Fault) async throws {
        let log = CapturedLog()
        try await withServer(seed: true, configure: { $0.logger = log.logger(level: .info) }) { server throws in
            let store = try #require(server.crm.store as? SQLiteStore)
            let admin = try await APIClient.admin(server)
            let pbx = APIClient(baseURL: server.baseURL)
            // 15 KiB of notes: a write that needs pages the database does not have yet.
            let big = String(repeating: "заметка ", count: 1_000)
            try await Self.set(fault, on: true, store)

            let history = try await pbx.pbx([
                "cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "3", "callid": "DF-1",
                "link": "https://records.example/\(big.prefix(100))", "crm_token": server.crmToken,
            ])
            // A small write may still fit in the pages a full database has free, as on a real disk.
            if fault == .readOnly {
                #expect(history.status == 503)
                #expect(history.json["error"] != nil)
            }
            // A full database still has its free pages to fill; once they are gone, writes fail.
            var created = try await admin.json(.POST, "/api/contacts", ["name": "Не запишется", "notes": big])
            for _ in 0..<200 where fault == .full && created.status == 201 {
                created = try await admin.json(.POST, "/api/contacts", ["name": "Не запишется", "notes": big])
            }
            #expect(created.status == 503)
            #expect((created.json["error"] as? String)?.hasPrefix("The database cannot be written") == true)
            let again = try await admin.json(.POST, "/api/contacts", ["name": "И это", "notes": big])
            #expect(again.status == 503)
            // Reads, lookups and logged-in pages go on.
            let contact = try await pbx.pbx(["cmd": "contact", "phone": "79161234567", "callid": "DF-2", "crm_token": server.crmToken])
            #expect(contact.status == 200)
            #expect(contact.json["contact_name"] as? String == Seed.smirnovName)
            #expect(try await admin.get("/api/contacts").status == 200)
            #expect(try await admin.get("/api/me").status == 200)
            let failing = log.all.filter { $0.contains("Database writes are failing") }
            #expect(failing.count == 1)

            try await Self.set(fault, on: false, store)
            #expect(try await admin.json(.POST, "/api/contacts", ["name": "Записалась", "notes": big]).status == 201)
            let retried = try await pbx.pbx([
                "cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "3", "callid": "DF-1",
                "crm_token": server.crmToken,
            ])
            #expect(retried.status == 200)
            #expect(log.all.contains { $0.contains("Database writes work again") })
        }
    }
}
