import Foundation
import MiniCRMTesting
import NIOHTTP1
import Testing

@testable import CRMServer

/// CSRF: state changes with a session cookie come only from MiniCRM's own origin.
@Suite struct SameOriginTests {
    @Test func aBodilessResetFromAnotherPortOrSiteIsRefusedAndChangesNothing() async throws {
        try await withServer(seed: true) { server throws in
            let admin = try await APIClient.admin(server)
            let contact = try await admin.json(.POST, "/api/contacts", ["name": "Останусь", "phones": ["79990001111"]])
            #expect(contact.status == 201)
            for headers in [
                [("Origin", "http://127.0.0.1:1")], [("Origin", "http://evil.example")], [("Origin", "null")],
                [("Sec-Fetch-Site", "same-site")], [("Sec-Fetch-Site", "cross-site"), ("Origin", server.baseURL)],
            ] {
                let reply = try await admin.request(.POST, "/api/admin/reset", headers: headers)
                #expect(reply.status == 403, "\(headers)")
                #expect(reply.json["error"] as? String == SameOriginMiddleware.crossSite.message)
            }
            #expect(try await admin.get("/api/contacts?q=Останусь").items.count == 1)
        }
    }

    @Test func theUIsOwnRequestsAndScriptsWithoutAnOriginGoThrough() async throws {
        try await withServer(seed: true) { server throws in
            let admin = try await APIClient.admin(server)
            let own = try await admin.request(
                .POST, "/api/contacts", body: Array(#"{"name":"Свой"}"#.utf8), contentType: "application/json",
                headers: [("Origin", server.baseURL), ("Sec-Fetch-Site", "same-origin")]
            )
            #expect(own.status == 201)
            let originOnly = try await admin.request(
                .POST, "/api/contacts", body: Array(#"{"name":"Свой 2"}"#.utf8), contentType: "application/json", headers: [("Origin", server.baseURL)]
            )
            #expect(originOnly.status == 201)
            #expect(try await admin.json(.POST, "/api/contacts", ["name": "curl"]).status == 201)
            // GET is never refused, whatever the origin: it changes nothing.
            #expect(try await admin.request(.GET, "/api/contacts", headers: [("Origin", "http://evil.example")]).status == 200)
        }
    }

    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain;charset=UTF-8"])
    func formAndTextBodiesAreRefusedOnTheJSONAPI(contentType: String) async throws {
        try await withServer(seed: true) { server throws in
            let admin = try await APIClient.admin(server)
            for (method, path) in [(HTTPMethod.POST, "/api/admin/reset"), (.POST, "/api/contacts"), (.POST, "/api/logout")] {
                let reply = try await admin.request(method, path, body: Array(#"{"name":"x"}"#.utf8), contentType: contentType)
                #expect(reply.status == 415, "\(path)")
            }
            #expect(try await admin.get("/api/me").status == 200)
        }
    }

    @Test func theLoginFormOfAnotherSiteCannotLogABrowserIn() async throws {
        try await withServer(seed: true) { server throws in
            let client = APIClient(baseURL: server.baseURL)
            let reply = try await client.request(
                .POST, "/api/login", body: Array(#"{"login":"admin","password":"admin"}"#.utf8), contentType: "application/json",
                headers: [("Origin", "http://evil.example")]
            )
            #expect(reply.status == 403)
            #expect(reply.headers.first(name: "Set-Cookie") == nil)
        }
    }

    @Test func thePBXEndpointIsExempt() async throws {
        try await withServer(seed: true) { server throws in
            let reply = try await APIClient(baseURL: server.baseURL).request(
                .POST, "/crm_integration", body: Array("cmd=users&crm_token=\(server.crmToken)".utf8),
                contentType: "application/x-www-form-urlencoded", headers: [("Origin", "https://pbx.example"), ("Sec-Fetch-Site", "cross-site")]
            )
            #expect(reply.status == 200)
        }
    }

    @Test func theOriginOfAnHTTPSPublicURLIsMiniCRMsOwn() async throws {
        try await withServer(seed: true, configure: { $0.publicURL = "https://crm.example.com:8443/crm_integration" }) { server throws in
            let admin = try await APIClient.admin(server)
            let reply = try await admin.request(
                .POST, "/api/contacts", body: Array(#"{"name":"Через прокси"}"#.utf8), contentType: "application/json",
                headers: [("Origin", "https://crm.example.com:8443")]
            )
            #expect(reply.status == 201)
        }
    }

    /// The finding: after the admin changed `admin/admin`, a reset brought it back.
    @Test func aResetNeverRestoresAPasswordTheAdminChanged() async throws {
        try await withServer(seed: true) { server throws in
            let admin = try await APIClient.admin(server)
            #expect(try await admin.json(.POST, "/api/me/password", ["old": "admin", "new": "changed-by-admin"]).status == 200)
            #expect(try await admin.request(.POST, "/api/admin/reset").status == 200)
            #expect(try await APIClient(baseURL: server.baseURL).login("admin", "admin").status == 401)
            #expect(try await APIClient(baseURL: server.baseURL).login("admin", "changed-by-admin").status == 200)
            // The admin's session went through the reset: it did not change them.
            #expect(try await admin.get("/api/me").status == 200)
        }
    }
}
