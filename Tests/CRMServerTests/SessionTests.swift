import Foundation
import MiniCRMTesting
import NIOHTTP1
import Testing

@testable import CRMServer

@Suite struct SessionTests {
    static let errorType = "application/json; charset=utf-8"

    @Test func loginSetsAnHttpOnlySameSiteLaxSessionCookie() async throws {
        try await withServer(seed: true) { server in
            let client = APIClient(baseURL: server.baseURL)
            let reply = try await client.login("admin", "admin")
            #expect(reply.status == 200)
            #expect(reply.json["id"] as? String == "admin")
            #expect(reply.json["role"] as? String == "admin")
            #expect(reply.json["name"] as? String == "Администратор")
            let cookie = try #require(reply.headers.first(name: "Set-Cookie"))
            let attributes = cookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            #expect(attributes.first?.hasPrefix("minicrm_session=") == true)
            #expect(attributes.contains("httponly"))
            #expect(attributes.contains("samesite=lax"))
            #expect(attributes.contains("path=/"))
            let me = try await client.get("/api/me")
            #expect(me.status == 200)
            #expect(me.json["login"] as? String == "admin")
        }
    }

    @Test func managersLogInWithTheirOwnPassword() async throws {
        try await withServer(seed: true) { server in
            let client = try await APIClient.loggedIn(server, "petrova")
            let me = try await client.get("/api/me")
            #expect(me.json["id"] as? String == "petrova")
            #expect(me.json["role"] as? String == "manager")
            #expect(me.json["pbx_account"] as? String == "petrova")
        }
    }

    @Test(arguments: [("admin", "wrong"), ("admin", ""), ("nobody", "admin"), ("ivanov", "admin"), ("", "")])
    func wrongCredentialsAre401(login: String, password: String) async throws {
        try await withServer(seed: true) { server in
            let client = APIClient(baseURL: server.baseURL)
            let reply = try await client.login(login, password)
            #expect(reply.status == 401)
            #expect(reply.text == #"{"error":"Wrong login or password"}"#)
            #expect(reply.contentType == Self.errorType)
            #expect(reply.headers.first(name: "Set-Cookie") == nil)
            #expect(try await client.get("/api/me").status == 401)
        }
    }

    @Test func anInactiveManagerCannotLogInAndLosesTheirSession() async throws {
        try await withServer(seed: true) { server in
            let kozlov = try await APIClient.loggedIn(server, "kozlov")
            let admin = try await APIClient.admin(server)
            #expect(try await admin.json(.PATCH, "/api/managers/kozlov", ["active": false]).status == 200)
            #expect(try await kozlov.get("/api/me").status == 401)
            #expect(try await APIClient(baseURL: server.baseURL).login("kozlov", "demo").status == 401)
        }
    }

    @Test func logoutEndsTheSession() async throws {
        try await withServer(seed: true) { server in
            let client = try await APIClient.admin(server)
            let stolen = client.cookie
            let reply = try await client.request(.POST, "/api/logout")
            #expect(reply.status == 200)
            #expect(reply.json["status"] as? String == "ok")
            #expect(try await client.get("/api/me").status == 401)
            // The old cookie is worthless afterwards, not just forgotten by this client.
            let replay = APIClient(baseURL: server.baseURL)
            let me = try await replay.request(.GET, "/api/me", headers: [("Cookie", try #require(stolen))])
            #expect(me.status == 401)
        }
    }

    @Test func theLoginBodyMustBeJSON() async throws {
        try await withServer(seed: true) { server in
            let client = APIClient(baseURL: server.baseURL)
            let form = try await client.request(.POST, "/api/login", body: Array("login=admin&password=admin".utf8), contentType: "application/x-www-form-urlencoded")
            #expect(form.status == 415)
            #expect(form.contentType == Self.errorType)
            let none = try await client.request(.POST, "/api/login", body: Array(#"{"login":"admin","password":"admin"}"#.utf8))
            #expect(none.status == 415)
            let missing = try await client.json(.POST, "/api/login", ["login": "admin"])
            #expect(missing.status == 400)
            let malformed = try await client.request(.POST, "/api/login", body: Array("{login".utf8), contentType: "application/json")
            #expect(malformed.status == 400)
            #expect(malformed.json["error"] as? String == "Malformed JSON")
        }
    }

    @Test(arguments: ["", ";", " ; charset=utf-8"])
    func anEmptyContentTypeIsRefusedNotACrash(contentType: String) async throws {
        try await withServer(seed: true) { server in
            let client = APIClient(baseURL: server.baseURL)
            let reply = try await client.request(.POST, "/api/login", body: Array(#"{"login":"admin","password":"admin"}"#.utf8), contentType: contentType)
            #expect(reply.status == 415)
            // The server is still there.
            #expect(try await client.login("admin", "admin").status == 200)
        }
    }

    static let protectedRoutes: [(HTTPMethod, String)] = [
        (.GET, "/api/me"), (.GET, "/api/contacts"), (.POST, "/api/contacts"), (.GET, "/api/contacts/1"), (.PATCH, "/api/contacts/1"),
        (.DELETE, "/api/contacts/1"), (.GET, "/api/calls"), (.GET, "/api/managers"), (.POST, "/api/managers"),
        (.PATCH, "/api/managers/ivanov"), (.GET, "/api/journal"), (.GET, "/api/events?callid=x"),
    ]

    @Test func everyAPIRouteWithoutASessionIs401JSON() async throws {
        try await withServer(seed: true) { server in
            let client = APIClient(baseURL: server.baseURL)
            for (method, path) in Self.protectedRoutes {
                let reply = try await client.request(method, path, body: Array("{}".utf8), contentType: "application/json")
                #expect(reply.status == 401, "\(method) \(path)")
                #expect(reply.text == #"{"error":"Not logged in"}"#, "\(method) \(path)")
                #expect(reply.contentType == Self.errorType)
            }
            // A made-up cookie is no session either.
            let forged = try await client.request(.GET, "/api/me", headers: [("Cookie", "minicrm_session=AAAA")])
            #expect(forged.status == 401)
        }
    }
}
