import Foundation
import MiniCRMTesting
import Testing

/// Phones as a manager types them: text that is no phone is refused, extensions are split off and
/// kept, and the PBX's `contact` finds the number.
@Suite struct ContactPhoneTests {
    func admin(_ server: TestServer) async throws -> APIClient {
        let client = APIClient(baseURL: server.baseURL)
        #expect(try await client.login("admin", "admin").status == 200)
        return client
    }

    func lookUp(_ server: TestServer, _ phone: String) async throws -> [String: Any] {
        try await APIClient(baseURL: server.baseURL).form(
            "/crm_integration", ["cmd": "contact", "phone": phone, "callid": "PH-1", "crm_token": server.crmToken]
        ).json
    }

    @Test func textThatIsNotAPhoneIsRefusedNamingTheField() async throws {
        try await withServer(seed: true) { server in
            let client = try await admin(server)
            let refused = try await client.json(.POST, "/api/contacts", ["name": "Typo", "phones": ["79161112233", "abc"]])
            #expect(refused.status == 400)
            #expect(refused.json["field"] as? String == "phones[1]")
            #expect(refused.json["error"] as? String == #"phones[1]: "abc" is not a phone number"#)
            #expect(try await client.get("/api/contacts?q=Typo").json["total"] as? Int == 0)

            let created = try await client.json(.POST, "/api/contacts", ["name": "Fine", "phones": ["79161112233"]])
            let id = try #require(created.json["id"] as? Int)
            let patched = try await client.json(.PATCH, "/api/contacts/\(id)", ["phones": ["8 916 111-22-33", "call me"]])
            #expect(patched.status == 400)
            #expect(patched.json["field"] as? String == "phones[1]")
            #expect(try await client.get("/api/contacts/\(id)").json["phones"] as? [String] == ["+79161112233"])
        }
    }

    @Test func anExtensionIsKeptBesideTheNumberTheCallerIsFoundBy() async throws {
        try await withServer(seed: true) { server in
            let client = try await admin(server)
            let created = try await client.json(
                .POST, "/api/contacts", ["name": "Switchboard", "phones": ["8 (495) 000-11-22 доб. 123", "+7 916 000 11 23 ext. 7"]]
            )
            #expect(created.status == 201)
            #expect(created.json["phones"] as? [String] == ["+74950001122", "+79160001123"])
            #expect(created.json["extensions"] as? [String: String] == ["+74950001122": "123", "+79160001123": "7"])
            #expect(try await lookUp(server, "74950001122")["contact_name"] as? String == "Switchboard")

            let id = try #require(created.json["id"] as? Int)
            let shown = try await client.get("/api/contacts/\(id)")
            #expect(shown.json["extensions"] as? [String: String] == ["+74950001122": "123", "+79160001123": "7"])
            // New phones replace the old ones, extensions and all.
            let patched = try await client.json(.PATCH, "/api/contacts/\(id)", ["phones": ["+7 495 000-11-22"]])
            #expect(patched.json["extensions"] as? [String: String] == [:])
            #expect(try await lookUp(server, "79160001123").isEmpty)
        }
    }

    @Test func aDataSetWithAPhoneThatIsNotOneIsRefusedAndChangesNothing() async throws {
        try await withServer(seed: true) { server in
            let client = try await admin(server)
            let file = ["contacts": [["name": "Good", "phones": ["79990001122"]], ["name": "Bad", "phones": ["79990001123", "n/a"]]]]
            let body = try JSONSerialization.data(withJSONObject: file)
            let refused = try await client.request(.POST, "/api/admin/load", body: Array(body), contentType: "application/json")
            #expect(refused.status == 400)
            #expect(refused.json["field"] as? String == "contacts[1].phones[1]")
            #expect(try await client.get("/api/contacts?limit=1").json["total"] as? Int == 70)
        }
    }
}
