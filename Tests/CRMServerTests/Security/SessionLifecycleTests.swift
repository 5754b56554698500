import Foundation
import MiniCRMTesting
import NIOHTTP1
import Testing
import CRMCore

@testable import CRMServer

/// Sessions by the book (OWASP ASVS V3): a fresh session at every login, and every change that
/// should end a manager's sessions ends them — and their open streams — at once.
@Suite struct SessionLifecycleTests {
    @Test func aLoginGivesAFreshSessionAndEndsTheOneTheBrowserCameWith() async throws {
        try await withServer(seed: true) { server throws in
            let client = try await APIClient.loggedIn(server, "ivanov")
            let first = try #require(client.cookie)
            let planted = try await APIClient(baseURL: server.baseURL).request(.GET, "/api/me", headers: [("Cookie", first)])
            #expect(planted.status == 200)
            #expect(try await client.login("ivanov", "demo").status == 200)
            let second = try #require(client.cookie)
            #expect(first != second)
            #expect(try await client.get("/api/me").status == 200)
            let old = try await APIClient(baseURL: server.baseURL).request(.GET, "/api/me", headers: [("Cookie", first)])
            #expect(old.status == 401)
        }
    }

    @Test func changingOnesPasswordAsksForTheCurrentOneAndEndsTheOtherSessions() async throws {
        try await withServer(seed: true) { server throws in
            let here = try await APIClient.loggedIn(server, "petrova")
            let elsewhere = try await APIClient.loggedIn(server, "petrova")
            let otherTab = try await EventStreamClient.connect(server.baseURL + "/api/stream", cookie: elsewhere.cookie)
            #expect(await otherTab.next()?.event == "snapshot")
            let wrong = try await here.json(.POST, "/api/me/password", ["old": "nope", "new": "long-enough-1"])
            #expect(wrong.status == 403)
            #expect(wrong.json["error"] as? String == "The current password is wrong")
            #expect(try await here.json(.POST, "/api/me/password", ["old": "demo", "new": "short"]).status == 400)
            // PATCH cannot change one's own password: it does not ask for the current one.
            #expect(try await here.json(.PATCH, "/api/managers/petrova", ["password": "long-enough-1"]).status == 403)
            let changed = try await here.json(.POST, "/api/me/password", ["old": "demo", "new": "long-enough-1"])
            #expect(changed.status == 200)
            #expect(try await here.get("/api/me").status == 200)
            #expect(try await elsewhere.get("/api/me").status == 401)
            #expect(await otherTab.next()?.json["reason"] as? String == "signed_out")
            #expect(await otherTab.waitForEnd())
            #expect(try await APIClient(baseURL: server.baseURL).login("petrova", "demo").status == 401)
            #expect(try await APIClient(baseURL: server.baseURL).login("petrova", "long-enough-1").status == 200)
        }
    }

    /// Issue 15's lifecycle: deactivation ends the manager's sessions and open streams at once,
    /// refuses their login and takes them out of the PBX's `users`; their calls stay; reactivating
    /// revives no old session.
    @Test func aDeactivatedManagersStreamEndsAndTheirLoginFails() async throws {
        try await withServer(seed: true) { server throws in
            let kozlov = try await APIClient.loggedIn(server, "kozlov")
            let tab = try await EventStreamClient.connect(server.baseURL + "/api/stream", cookie: kozlov.cookie)
            #expect(tab.status == 200)
            #expect(await tab.next()?.event == "snapshot")
            let pbx = APIClient(baseURL: server.baseURL)
            _ = try await pbx.pbx([
                "cmd": "history", "type": "in", "user": "kozlov", "phone": "79161234567", "duration": "5", "callid": "LC-1",
                "crm_token": server.crmToken,
            ])
            let admin = try await APIClient.admin(server)
            #expect(try await admin.json(.PATCH, "/api/managers/kozlov", ["active": false]).status == 200)
            let end = await tab.next { $0.event == "end" }
            #expect(end?.json["reason"] as? String == "signed_out")
            #expect(await tab.waitForEnd())
            #expect(try await kozlov.get("/api/me").status == 401)
            #expect(try await APIClient(baseURL: server.baseURL).login("kozlov", "demo").status == 401)
            let users = try await pbx.pbx(["cmd": "users", "crm_token": server.crmToken]).json["users"] as? [[String: String]] ?? []
            #expect(!users.contains { $0["id"] == "kozlov" })
            #expect(try await admin.calls(callid: "LC-1").count == 1)

            #expect(try await admin.json(.PATCH, "/api/managers/kozlov", ["active": true]).status == 200)
            #expect(try await kozlov.get("/api/me").status == 401)
            #expect(try await APIClient.loggedIn(server, "kozlov").get("/api/me").status == 200)
        }
    }

    @Test(arguments: [["role": "admin"], ["password": "reset-by-admin"]] as [[String: String]])
    func aRoleChangeOrAPasswordResetEndsTheManagersSessions(change: [String: String]) async throws {
        try await withServer(seed: true) { server throws in
            let volkova = try await APIClient.loggedIn(server, "volkova")
            let admin = try await APIClient.admin(server)
            #expect(try await admin.json(.PATCH, "/api/managers/volkova", change).status == 200)
            #expect(try await volkova.get("/api/me").status == 401)
            // A rename is no reason to sign anyone out.
            let smirnova = try await APIClient.loggedIn(server, "smirnova")
            #expect(try await admin.json(.PATCH, "/api/managers/smirnova", ["name": "А. Смирнова"]).status == 200)
            #expect(try await smirnova.get("/api/me").status == 200)
        }
    }

    @Test func logoutEndsThatSessionsStreamAndOnlyIt() async throws {
        try await withServer(seed: true) { server throws in
            let one = try await APIClient.loggedIn(server, "ivanov")
            let two = try await APIClient.loggedIn(server, "ivanov")
            let first = try await EventStreamClient.connect(server.baseURL + "/api/stream", cookie: one.cookie)
            let second = try await EventStreamClient.connect(server.baseURL + "/api/stream", cookie: two.cookie)
            #expect(await first.next()?.event == "snapshot")
            #expect(await second.next()?.event == "snapshot")
            #expect(try await one.request(.POST, "/api/logout").status == 200)
            #expect(await first.next()?.json["reason"] as? String == "signed_out")
            #expect(await first.waitForEnd())
            #expect(try await two.get("/api/me").status == 200)
            #expect(await second.next(timeout: .milliseconds(300)) == nil)
            await second.close()
        }
    }

    @Test func sessionsExpireWhenIdleAndAfterTheirAbsoluteLifetime() async throws {
        try await withServer(seed: true, configure: {
            $0.sessionPolicy = SessionPolicy(idle: 1, absolute: 3, touchInterval: 0)
            $0.streamHeartbeat = .milliseconds(100)
        }) { server throws in
            let idle = try await APIClient.loggedIn(server, "ivanov")
            let tab = try await EventStreamClient.connect(server.baseURL + "/api/stream", cookie: idle.cookie)
            #expect(await tab.next()?.event == "snapshot")
            // Nothing uses the session for longer than the idle limit: the open stream ends too.
            let end = await tab.next(timeout: .seconds(5)) { $0.event == "end" }
            #expect(end?.json["reason"] as? String == "signed_out")
            #expect(try await idle.get("/api/me").status == 401)

            let busy = try await APIClient.loggedIn(server, "petrova")
            let started = ContinuousClock.now
            var lastOK = started
            while ContinuousClock.now - started < .seconds(5) {
                guard try await busy.get("/api/me").status == 200 else { break }
                lastOK = ContinuousClock.now
                try await Task.sleep(for: .milliseconds(300))
            }
            // Used every 0.3 s, it outlives the idle limit, not the absolute one.
            #expect(lastOK - started > .seconds(1.5))
            #expect(lastOK - started < .seconds(4))
            #expect(try await busy.get("/api/me").status == 401)
        }
    }

    @Test func cookiesAreSecureBehindAnHTTPSPublicURL() async throws {
        try await withServer(seed: true, configure: { $0.publicURL = "https://crm.example.com/crm_integration" }) { server throws in
            let reply = try await APIClient(baseURL: server.baseURL).login("ivanov", "demo")
            let cookie = try #require(reply.headers.first(name: "Set-Cookie")).lowercased()
            #expect(cookie.contains("; secure"))
            #expect(cookie.contains("httponly"))
            #expect(cookie.contains("samesite=lax"))
        }
        try await withServer(seed: true) { server throws in
            let reply = try await APIClient(baseURL: server.baseURL).login("ivanov", "demo")
            #expect(reply.headers.first(name: "Set-Cookie")?.lowercased().contains("secure") == false)
        }
    }

    @Test func aManagersEleventhStreamClosesTheOldestWithAMessage() async throws {
        try await withServer(seed: true, configure: { $0.maximumStreamsPerManager = 3 }) { server throws in
            let ivanov = try await APIClient.loggedIn(server, "ivanov")
            var tabs: [EventStreamClient] = []
            for _ in 0..<3 {
                let tab = try await EventStreamClient.connect(server.baseURL + "/api/stream", cookie: ivanov.cookie)
                #expect(await tab.next()?.event == "snapshot")
                tabs.append(tab)
            }
            let newest = try await EventStreamClient.connect(server.baseURL + "/api/stream", cookie: ivanov.cookie)
            #expect(await newest.next()?.event == "snapshot")
            #expect(await tabs[0].next()?.json["reason"] as? String == "too_many_streams")
            #expect(await tabs[0].waitForEnd())
            #expect(await tabs[1].next(timeout: .milliseconds(200)) == nil)
            // Another manager's streams are not counted against ivanov's.
            let petrova = try await APIClient.loggedIn(server, "petrova")
            let hers = try await EventStreamClient.connect(server.baseURL + "/api/stream", cookie: petrova.cookie)
            #expect(await hers.next()?.event == "snapshot")
            #expect(await tabs[1].next(timeout: .milliseconds(200)) == nil)
            for tab in tabs.dropFirst() + [newest, hers] { await tab.close() }
        }
    }

    @Test func newPasswordsHaveAtLeastEightCharacters() async throws {
        try await withServer(seed: true) { server throws in
            let admin = try await APIClient.admin(server)
            let short = try await admin.json(.POST, "/api/managers", ["name": "Н", "login": "novy", "password": "1234567"])
            #expect(short.status == 400)
            #expect(short.json["field"] as? String == "password")
            #expect(try await admin.json(.POST, "/api/managers", ["name": "Н", "login": "novy", "password": "12345678"]).status == 201)
            #expect(try await admin.json(.PATCH, "/api/managers/novy", ["password": "1234567"]).status == 400)
        }
    }
}

extension EventStreamClient {
    /// The next event that matches, skipping others.
    func next(timeout: Duration = .seconds(5), where matches: (Event) -> Bool) async -> Event? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let event = await next(timeout: deadline - ContinuousClock.now) else { return nil }
            if matches(event) { return event }
        }
        return nil
    }
}
