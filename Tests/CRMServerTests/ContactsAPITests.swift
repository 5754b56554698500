import CRMCore
import Foundation
import MiniCRMTesting
import Testing

@testable import CRMServer

@Suite struct ContactsAPITests {
    @Test func createReadUpdateDelete() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let created = try await admin.json(
                .POST, "/api/contacts",
                ["name": "  Кузнецова Ольга  ", "company": "ООО «Альфа»", "notes": "Перезвонить", "phones": ["8 (926) 555-44-33", "+7 926 555 44 33", "101"], "responsible": "kozlov"]
            )
            #expect(created.status == 201)
            #expect(created.contentType == "application/json; charset=utf-8")
            let id = try #require(created.json["id"] as? Int)
            #expect(created.json["name"] as? String == "Кузнецова Ольга")
            #expect(created.json["phones"] as? [String] == ["+79265554433", "101"])
            #expect(created.json["responsible"] as? String == "kozlov")
            #expect((created.json["created_at"] as? String)?.hasSuffix("Z") == true)

            let shown = try await admin.get("/api/contacts/\(id)")
            #expect(shown.status == 200)
            #expect(shown.json["company"] as? String == "ООО «Альфа»")
            #expect(shown.json["notes"] as? String == "Перезвонить")
            #expect(shown.json["calls"] as? [Any] != nil)

            let renamed = try await admin.json(.PATCH, "/api/contacts/\(id)", ["name": "Кузнецова О. В."])
            #expect(renamed.status == 200)
            #expect(renamed.json["name"] as? String == "Кузнецова О. В.")
            #expect(renamed.json["company"] as? String == "ООО «Альфа»")
            #expect(renamed.json["phones"] as? [String] == ["+79265554433", "101"])
            #expect(renamed.json["responsible"] as? String == "kozlov")

            let unassigned = try await admin.json(.PATCH, "/api/contacts/\(id)", ["responsible": nil])
            #expect(unassigned.status == 200)
            #expect(unassigned.json["responsible"] == nil || unassigned.json["responsible"] is NSNull)
            #expect(unassigned.json["name"] as? String == "Кузнецова О. В.")

            let rephoned = try await admin.json(.PATCH, "/api/contacts/\(id)", ["phones": ["9031234567"]])
            #expect(rephoned.json["phones"] as? [String] == ["+79031234567"])

            let deleted = try await admin.request(.DELETE, "/api/contacts/\(id)")
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            #expect(try await admin.get("/api/contacts/\(id)").status == 404)
            #expect(try await admin.request(.DELETE, "/api/contacts/\(id)").status == 404)
            #expect(try await admin.json(.PATCH, "/api/contacts/\(id)", ["name": "Призрак"]).status == 404)
        }
    }

    @Test(arguments: ["+7 (910) 123-45-67", "8 910 123 45 67", "9101234567", "79101234567", "8(910)123-45-67", "+7 910 1234567"])
    func phonesAreCanonicalWhateverTheInputFormat(phone: String) async throws {
        try await withServer { server in
            let admin = try await APIClient.freshAdmin(server)
            let created = try await admin.json(.POST, "/api/contacts", ["name": "Клиент", "phones": [phone]])
            #expect(created.json["phones"] as? [String] == ["+79101234567"])
        }
    }

    @Test func managersCanEditContactsToo() async throws {
        try await withServer(seed: true) { server in
            let manager = try await APIClient.loggedIn(server, "smirnova")
            let created = try await manager.json(.POST, "/api/contacts", ["name": "Клиент Смирновой", "responsible": "smirnova"])
            #expect(created.status == 201)
            #expect(created.json["phones"] as? [String] == [])
        }
    }

    @Test(arguments: [
        ["company": "Без имени"], ["name": ""], ["name": "   "], ["name": String(repeating: "я", count: 501)],
        ["name": "Клиент", "phones": Array(repeating: "79101234567", count: 21)], ["name": "Клиент", "phones": [String(repeating: "1", count: 65)]],
        ["name": "Клиент", "notes": String(repeating: "n", count: 20_001)], ["name": 42], ["name": "Клиент", "phones": "79101234567"],
        ["name": "Клиент", "responsible": 7],
    ] as [[String: any Sendable]])
    func invalidContactsAre400(body: [String: any Sendable]) async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let reply = try await admin.json(.POST, "/api/contacts", body.mapValues { $0 as Any? })
            #expect(reply.status == 400)
            #expect(reply.contentType == "application/json; charset=utf-8")
            #expect((reply.json["error"] as? String)?.isEmpty == false)
        }
    }

    @Test func anEmptyNameIsRefusedOnUpdateToo() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let reply = try await admin.json(.PATCH, "/api/contacts/1", ["name": " "])
            #expect(reply.status == 400)
            #expect(try await admin.get("/api/contacts/1").json["name"] as? String == "Смирнов Алексей Петрович")
        }
    }

    @Test func anUnknownResponsibleIs400() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let created = try await admin.json(.POST, "/api/contacts", ["name": "Клиент", "responsible": "nobody"])
            #expect(created.status == 400)
            #expect(created.json["error"] as? String == "No such manager")
            let updated = try await admin.json(.PATCH, "/api/contacts/1", ["responsible": "nobody"])
            #expect(updated.status == 400)
            #expect(try await admin.get("/api/contacts/1").json["responsible"] as? String == "ivanov")
        }
    }

    @Test func bodiesMustBeJSONOfAtMostOneMebibyte() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let form = try await admin.request(.POST, "/api/contacts", body: Array("name=x".utf8), contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 415)
            let text = try await admin.request(.POST, "/api/contacts", body: Array(#"{"name":"x"}"#.utf8), contentType: "text/plain")
            #expect(text.status == 415)
            let huge = try await admin.json(.POST, "/api/contacts", ["name": "x", "notes": String(repeating: "n", count: 1 << 20)])
            #expect(huge.status == 413)
            #expect(huge.contentType == "application/json; charset=utf-8")
            let malformed = try await admin.request(.POST, "/api/contacts", body: Array(#"{"name": "x",,}"#.utf8), contentType: "application/json")
            #expect(malformed.status == 400)
            let notAnObject = try await admin.request(.POST, "/api/contacts", body: Array(#"["x"]"#.utf8), contentType: "application/json")
            #expect(notAnObject.status == 400)
            #expect(try await admin.get("/api/contacts?q=x").json["total"] as? Int == 0)
        }
    }

    @Test(arguments: ["abc", "0", "999999", "-1"])
    func unknownContactIDsAre404(id: String) async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let reply = try await admin.get("/api/contacts/\(id)")
            #expect(reply.status == 404)
            #expect(reply.json["error"] as? String == "No such contact")
        }
    }

    @Test func aContactShowsItsCallsNewestFirst() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            for (callid, start) in [("OLD", "20261201T080000Z"), ("NEW", "20261201T090000Z")] {
                _ = try await pbx.pbx([
                    "cmd": "history", "type": "in", "phone": "79265554433", "user": "ivanov", "duration": "5", "callid": callid,
                    "start": start, "crm_token": server.crmToken,
                ])
            }
            let admin = try await APIClient.admin(server)
            let created = try await admin.json(.POST, "/api/contacts", ["name": "Позже созданный", "phones": ["8 926 555-44-33"]])
            let id = try #require(created.json["id"] as? Int)
            let calls = try await admin.get("/api/contacts/\(id)").json["calls"] as? [[String: Any]] ?? []
            #expect(calls.map { $0["callid"] as? String } == ["NEW", "OLD"])
            #expect(calls.first?["contact_name"] as? String == "Позже созданный")
        }
    }
}
