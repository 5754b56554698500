import Foundation
import MiniCRMTesting
import Testing

/// `GET /api/contacts` lists names in Russian alphabetical order, with and without a search.
@Suite struct ContactOrderTests {
    static let names = [
        "Adams John", "ёлкин Пётр", "Елкин Иван", "Ежов Олег", "Жуков Юрий", "яковлев Илья", "Émile Zola", "Emma Stone",
        "Андреев Андрей",
    ]

    @Test func contactsAreListedInRussianOrderWhetherOrNotASearchNarrowsThem() async throws {
        try await withServer(seed: true) { server in
            let admin = APIClient(baseURL: server.baseURL)
            #expect(try await admin.login("admin", "admin").status == 200)
            let contacts = Self.names.enumerated().map { index, name in ["name": name, "phones": ["7999123450\(index)"]] }
            let body = try JSONSerialization.data(withJSONObject: ["contacts": contacts])
            #expect(try await admin.request(.POST, "/api/admin/load", body: Array(body), contentType: "application/json").status == 200)

            func names(_ query: String) async throws -> [String] {
                let items = try await admin.get("/api/contacts?\(query)").json["items"] as? [[String: Any]] ?? []
                return items.compactMap { $0["name"] as? String }
            }
            #expect(try await names("limit=50") == [
                "Андреев Андрей", "Ежов Олег", "Елкин Иван", "ёлкин Пётр", "Жуков Юрий", "яковлев Илья", "Adams John", "Émile Zola",
                "Emma Stone",
            ])
            #expect(try await names("limit=2&offset=2") == ["Елкин Иван", "ёлкин Пётр"])
            // A search pages through the same order (from the in-memory ranks, once they are built).
            #expect(try await names("q=лкин") == ["Елкин Иван", "ёлкин Пётр"])
            #expect(try await names("q=79991234&limit=3") == ["Андреев Андрей", "Ежов Олег", "Елкин Иван"])
            #expect(try await names("q=79991234&limit=3&offset=5") == ["яковлев Илья", "Adams John", "Émile Zola"])
        }
    }
}
