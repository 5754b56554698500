import Foundation
import MiniCRMTesting
import Testing

@testable import CRMServer

@Suite struct ContactSearchAPITests {
    private func names(_ client: APIClient, _ query: String) async throws -> [String] {
        let reply = try await client.get("/api/contacts?q=\(query.urlQueryEscaped)&limit=500")
        #expect(reply.status == 200)
        return reply.items.compactMap { $0["name"] as? String }
    }

    @Test(arguments: [
        ("смирнов алексей", "Смирнов Алексей Петрович"), ("СМИРНОВ", "Смирнов Алексей Петрович"),
        ("соловьев", "Соловьёв Михаил Ефимович"), ("Вектор", "Смирнов Алексей Петрович"), ("8 916 123", "Смирнов Алексей Петрович"),
        ("(916) 123-45", "Смирнов Алексей Петрович"), ("+7 916 123", "Смирнов Алексей Петрович"), ("903 111", "Соловьёв Михаил Ефимович"),
        ("Weber", "Klaus Weber"),
    ])
    func findsTheSeedsContacts(query: String, name: String) async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            #expect(try await names(admin, query).contains(name), "\(query)")
        }
    }

    @Test func aSpaceMayArriveAsPlusAsBrowsersSendIt() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let reply = try await admin.get("/api/contacts?q=%D1%81%D0%BC%D0%B8%D1%80%D0%BD%D0%BE%D0%B2+%D0%B0%D0%BB%D0%B5%D0%BA%D1%81%D0%B5%D0%B9")
            #expect(reply.items.compactMap { $0["name"] as? String } == ["Смирнов Алексей Петрович"])
        }
    }

    @Test func pagesCarryTheTotal() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let all = try await admin.get("/api/contacts?limit=500")
            #expect(all.json["total"] as? Int == 70)
            #expect(all.items.count == 70)
            let page = try await admin.get("/api/contacts?limit=10&offset=65")
            #expect(page.json["total"] as? Int == 70)
            #expect(page.items.count == 5)
            let names = all.items.compactMap { $0["name"] as? String }
            #expect(page.items.compactMap { $0["name"] as? String } == Array(names[65...]))
        }
    }

    @Test(arguments: ["limit=0", "limit=501", "limit=x", "offset=-1", "offset=abc"])
    func badPagingIs400(query: String) async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            #expect(try await admin.get("/api/contacts?\(query)").status == 400)
        }
    }

    @Test func nothingFoundIsAnEmptyPage() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let reply = try await admin.get("/api/contacts?q=\("Щукин Игнат".urlQueryEscaped)")
            #expect(reply.status == 200)
            #expect(reply.json["total"] as? Int == 0)
            #expect(reply.items.isEmpty)
        }
    }
}
