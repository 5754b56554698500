import CRMCore
import PBXProtocol
import Testing

@testable import CRMStore

@Suite struct ContactSearchTests {
    /// Four contacts; `body` gets the store and their ids in this order.
    private func withContacts(on engine: Engine, _ body: (any CRMStore, [Int64]) async throws -> Void) async throws {
        try await withStore(on: engine) { store in
            var ids: [Int64] = []
            for draft in [
                ContactDraft(name: "Смирнов Алексей Петрович", company: "ООО «Вектор»", phones: [PhoneNumber("+7 (916) 123-45-67")]),
                ContactDraft(name: "Соловьёв Михаил Ефимович", company: "Ромашка", phones: [PhoneNumber("8 903 111-22-33")]),
                ContactDraft(name: "John Smith", company: "Acme Corp", notes: "Вектор в заметках не ищется", phones: [PhoneNumber("+49 30 1234567")]),
                ContactDraft(name: "Ёлкина Анна", phones: [PhoneNumber("101")]),
            ] {
                ids.append(try await store.createContact(draft).id)
            }
            try await body(store, ids)
        }
    }

    private func found(_ store: any CRMStore, _ query: String) async throws -> Set<Int64> {
        Set(try await store.contacts(matching: query, limit: 100, offset: 0).items.map(\.id))
    }

    @Test(arguments: Engine.available)
    func byNameFragment(engine: Engine) async throws {
        let cases: [(query: String, expected: [Int])] = [
        ("смирнов", [0]), ("СМИРНОВ", [0]), ("Смирнов Алексей", [0]), ("ирно", [0]), ("ефимович", [1]),
        ("Соловьев", [1]), ("соловьёв", [1]), ("СОЛОВЬЁВ", [1]), ("елкина", [3]), ("Ёлкина", [3]), ("smith", [2]), ("JOHN", [2]),
        ("Щукин", []),
    ]
        try await withContacts(on: engine) { store, ids throws in
            for (query, expected) in cases {
                #expect(try await found(store, query) == Set(expected.map { ids[$0] }), "\(query)")
            }
        }
    }

    @Test(arguments: Engine.available)
    func byCompany(engine: Engine) async throws {
        let cases: [(query: String, expected: [Int])] = [("вектор", [0]), ("«Вектор»", [0]), ("ромашка", [1]), ("acme", [2]), ("ACME corp", [2])]
        try await withContacts(on: engine) { store, ids throws in
            for (query, expected) in cases {
                #expect(try await found(store, query) == Set(expected.map { ids[$0] }), "\(query)")
            }
        }
    }

    @Test(arguments: Engine.available)
    func byPhoneFragmentInAnyFormat(engine: Engine) async throws {
        let cases: [(query: String, expected: [Int])] = [
        ("8 916 123", [0]), ("(916) 123-45", [0]), ("+7 916", [0]), ("79161234567", [0]), ("+7 (916) 123-45-67", [0]),
        ("9161234567", [0]), ("89031112233", [1]), ("+7 903 111", [1]), ("111-22-33", [1]), ("4930123", [2]), ("+49 30", [2]),
        ("101", [3]), ("555-00", []),
    ]
        try await withContacts(on: engine) { store, ids throws in
            for (query, expected) in cases {
                #expect(try await found(store, query) == Set(expected.map { ids[$0] }), "\(query)")
            }
        }
    }

    @Test(arguments: Engine.available)
    func oneAndTwoCharacterQueries(engine: Engine) async throws {
        let cases: [(query: String, expected: [Int])] = [("Ан", [3]), ("jo", [2]), ("ё", [0, 1, 3]), ("10", [3]), ("%", []), ("_", []), ("\\", [])]
        try await withContacts(on: engine) { store, ids throws in
            for (query, expected) in cases {
                #expect(try await found(store, query) == Set(expected.map { ids[$0] }), "\(query)")
            }
        }
    }

    @Test(arguments: Engine.available) func quotesAndOperatorsAreSearchedAsText(engine: Engine) async throws {
        try await withContacts(on: engine) { store, _ throws in
            for query in [#"a"b"#, "OR", "NOT смирнов", "смир*", "(916", "\"\"\""] {
                _ = try await store.contacts(matching: query, limit: 10, offset: 0)
            }
            #expect(try await found(store, "NOT смирнов").isEmpty)
        }
    }

    @Test(arguments: Engine.available) func notesAreNotSearched(engine: Engine) async throws {
        try await withContacts(on: engine) { store, ids throws in
            #expect(try await found(store, "заметках").isEmpty)
            #expect(try await found(store, "вектор") == [ids[0]])
        }
    }

    @Test(arguments: Engine.available) func anEmptyQueryListsEveryoneByName(engine: Engine) async throws {
        try await withContacts(on: engine) { store, ids throws in
            let page = try await store.contacts(matching: "  ", limit: 100, offset: 0)
            #expect(page.total == 4)
            #expect(Set(page.items.map(\.id)) == Set(ids))
            // Russian order: Ё with Е, Cyrillic before Latin.
            #expect(page.items.map(\.name) == ["Ёлкина Анна", "Смирнов Алексей Петрович", "Соловьёв Михаил Ефимович", "John Smith"])
        }
    }

    @Test(arguments: Engine.available) func searchFollowsUpdatesAndDeletes(engine: Engine) async throws {
        try await withContacts(on: engine) { store, ids throws in
            _ = try await store.updateContact(id: ids[0], with: ContactPatch(name: "Кузнецов", phones: [PhoneNumber("89995554433")]))
            #expect(try await found(store, "смирнов").isEmpty)
            #expect(try await found(store, "кузнец") == [ids[0]])
            #expect(try await found(store, "8 999 555") == [ids[0]])
            #expect(try await found(store, "916 123").isEmpty)
            _ = try await store.deleteContact(id: ids[0])
            #expect(try await found(store, "кузнец").isEmpty)
        }
    }

    @Test(arguments: Engine.available) func pagesAreOrderedByNameWithATotal(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            for index in [5, 3, 7, 1, 6, 2, 4] {
                _ = try await store.createContact(ContactDraft(name: "Клиент \(index)", phones: [PhoneNumber("7916000000\(index)")]))
            }
            _ = try await store.createContact(ContactDraft(name: "Другой"))
            let first = try await store.contacts(matching: "клиент", limit: 3, offset: 0)
            #expect(first.total == 7)
            #expect(first.items.map(\.name) == ["Клиент 1", "Клиент 2", "Клиент 3"])
            let last = try await store.contacts(matching: "клиент", limit: 3, offset: 6)
            #expect(last.total == 7)
            #expect(last.items.map(\.name) == ["Клиент 7"])
            let beyond = try await store.contacts(matching: "клиент", limit: 3, offset: 10)
            #expect(beyond.total == 7)
            #expect(beyond.items.isEmpty)
            #expect(try await store.contacts(matching: "", limit: 2, offset: 0).total == 8)
        }
    }
}
