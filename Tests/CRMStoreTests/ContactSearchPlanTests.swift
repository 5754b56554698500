import BenchmarkData
import CRMCore
import Foundation
import GRDB
import Logging
import PBXProtocol
import Testing

@testable import CRMStore

/// Search pages over a generated database: whichever plan finds a page (walking the name index or
/// sorting the matches), it is exactly the page a plain `LIKE` scan sorted by name gives.
@Suite(.serialized) struct ContactSearchPlanTests {
    static let contacts = 6_000

    private func withGenerated(_ body: (SQLiteStore) async throws -> Void) async throws {
        try await withDatabase { database in
            try FileManager.default.createDirectory(at: database.directory, withIntermediateDirectories: true)
            _ = try await DatabaseGenerator(contacts: Self.contacts, calls: 100, managers: 5).generate(at: database.path)
            let store = try database.open()
            await store.warmUp()
            try await body(store)
        }
    }

    /// The page and count as the simplest correct query computes them.
    private func reference(_ store: SQLiteStore, _ needle: String, limit: Int, offset: Int) async throws -> (ids: [Int64], total: Int) {
        try await store.writer.read { db in
            let pattern = "%" + ContactSearch.escapeLike(needle) + "%"
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact WHERE search_text LIKE ? ESCAPE '\\'", arguments: [pattern])!
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM contact WHERE search_text LIKE ? ESCAPE '\\' ORDER BY name_key, id LIMIT ? OFFSET ?",
                arguments: [pattern, limit, offset]
            )
            return (ids, total)
        }
    }

    private func search(
        _ store: SQLiteStore, _ query: String, limit: Int, offset: Int, ranked: Bool = true
    ) async throws -> ContactSearch.Result {
        let needle = SearchText.normalizeQuery(query)
        let order = ranked ? store.nameOrder.snapshot : nil
        return try await store.writer.read { db in try ContactSearch(needle: needle, limit: limit, offset: offset, order: order).run(db) }
    }

    private func expectSamePages(_ store: SQLiteStore, _ queries: [String], ranked: Bool = true) async throws -> Set<ContactSearch.Plan> {
        var plans: Set<ContactSearch.Plan> = []
        for query in queries {
            for (limit, offset) in [(50, 0), (10, 37), (500, 0), (50, 2_000)] {
                let page = try await search(store, query, limit: limit, offset: offset, ranked: ranked)
                let expected = try await reference(store, SearchText.normalizeQuery(query), limit: limit, offset: offset)
                #expect(page.ids == expected.ids, "\(query) limit \(limit) offset \(offset) by \(page.plan)")
                #expect(page.total == expected.total, "\(query)")
                #expect(page.totalIsExact)
                plans.insert(page.plan)
            }
        }
        return plans
    }

    static let queries = [
        "ванов", "ович", "овна", "кузнец", "яковлев", "соколова", "weber", "меридиан", "916", "8 903", "12-3", "иван петр", "щукин",
    ]

    @Test func everyPlanGivesThePageAPlainScanGives() async throws {
        try await withGenerated { store in
            #expect(store.nameOrder.isReady)
            let ranked = try await expectSamePages(store, Self.queries)
            #expect(ranked.contains(.ranks))
            let unranked = try await expectSamePages(store, Self.queries, ranked: false)
            #expect(!unranked.contains(.ranks))
        }
    }

    @Test func contactsWrittenSinceTheRanksWereBuiltAreSortedByTheirNewNames() async throws {
        try await withGenerated { store in
            // Renames to both ends of the alphabet, a deletion, and new contacts.
            _ = try await store.updateContact(id: 17, with: ContactPatch(name: "Аааа Иванова Первая"))
            _ = try await store.updateContact(id: 18, with: ContactPatch(name: "Яяяя Иванов Последний"))
            _ = try await store.updateContact(id: 19, with: ContactPatch(company: "Меридиан-Переименован"))
            _ = try await store.deleteContact(id: 20)
            for name in ["Ааааб Кузнецов", "Кузнецов Аарон", "Щукин Иванович"] {
                _ = try await store.createContact(ContactDraft(name: name, company: "ООО «Меридиан»"))
            }
            #expect(store.nameOrder.snapshot?.dirty.isEmpty == false)
            let plans = try await expectSamePages(store, Self.queries + ["аааа", "яяяя", "переименован"])
            #expect(plans.contains(.ranks))
            // A rebuild takes the writes in, and changes nothing.
            await store.buildNameOrder()
            #expect(store.nameOrder.snapshot?.dirty.isEmpty == true)
            _ = try await expectSamePages(store, Self.queries + ["аааа", "яяяя"])
        }
    }

    @Test func theTwoHalvesOfALargeSearchAreItsWholeMatchSet() async throws {
        try await withGenerated { store in
            for query in Self.queries {
                let phrase = ContactSearch(needle: SearchText.normalizeQuery(query), limit: 1, offset: 0).phrase
                for middle in [Int64(0), 1, 2_999, 3_000, 5_999, 6_000, 10_000] {
                    let (whole, halves) = try await store.writer.read { db in
                        (
                            try ContactSearch.matches(phrase, ids: nil, db),
                            try ContactSearch.matches(phrase, ids: .upTo(middle), db) + ContactSearch.matches(phrase, ids: .after(middle), db)
                        )
                    }
                    #expect(halves == whole, "\(query) split at \(middle)")
                }
            }
        }
    }

    @Test func manyWritesTriggerARebuild() async throws {
        let order = NameOrder(rebuildThreshold: 3)
        #expect(order.beginBuilding())
        #expect(!order.beginBuilding())
        #expect(!order.markDirty([1]))  // during a build: it is kept dirty after it
        order.finishBuilding([0, 1, 2])
        #expect(order.snapshot?.dirty == [1])
        #expect(order.snapshot?.isClean(0) == true)
        #expect(order.snapshot?.isClean(1) == false)
        #expect(order.snapshot?.isClean(3) == false)
        #expect(!order.markDirty([2]))
        #expect(order.markDirty([5]))
        #expect(NameOrder.smallest(3, of: [9, 4, 7, 1, 8, 2, 6, 3, 5, 0, 11, 10, 12, 13, 14, 15]) == [0, 1, 2])
        #expect(NameOrder.smallest(5, of: [3, 1, 2]) == [1, 2, 3])
    }

    @Test func shortQueriesCountOnlySoFarAndStillPageByName() async throws {
        try await withGenerated { store in
            for query in ["ов", "а", "ё", "jo", "9", "щъ"] {
                for (limit, offset) in [(50, 0), (20, 990), (50, 1_200)] {
                    let page = try await search(store, query, limit: limit, offset: offset)
                    let expected = try await reference(store, SearchText.normalizeQuery(query), limit: limit, offset: offset)
                    #expect(page.ids == expected.ids, "\(query) offset \(offset) by \(page.plan)")
                    #expect(page.total == min(expected.total, ContactSearch.shortQueryCountLimit), "\(query)")
                    #expect(page.totalIsExact == (expected.total <= ContactSearch.shortQueryCountLimit), "\(query)")
                }
            }
        }
    }

    @Test func theAPIPageSaysWhenItsTotalIsALowerBound() async throws {
        try await withGenerated { store in
            let short = try await store.contacts(matching: "ов", limit: 5, offset: 0)
            #expect(!short.totalIsExact)
            #expect(String(decoding: try JSONEncoder().encode(Page<Int64>(items: [1], total: 1000, totalIsExact: false)), as: UTF8.self)
                .contains(#""total_exact":false"#))
            let long = try await store.contacts(matching: "ванов", limit: 5, offset: 0)
            #expect(long.totalIsExact)
            #expect(!String(decoding: try JSONEncoder().encode(Page<Int64>(items: [1], total: 1)), as: UTF8.self).contains("total_exact"))
        }
    }
}
