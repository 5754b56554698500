import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// `/api/stream` over live sockets: who gets which pop-up, replay, cleanup, shutdown.
@Suite struct StreamTests {
    func event(_ server: TestServer, _ type: String, user: String, callid: String, phone: String = "79161234567") async throws {
        let reply = try await APIClient(baseURL: server.baseURL).form(
            "/crm_integration",
            ["cmd": "event", "type": type, "phone": phone, "user": user, "callid": callid, "crm_token": server.crmToken]
        )
        #expect(reply.status == 200)
    }

    func session(_ server: TestServer, _ login: String, _ password: String = "demo") async throws -> APIClient {
        let client = APIClient(baseURL: server.baseURL)
        let reply = try await client.login(login, password)
        #expect(reply.status == 200)
        return client
    }

    /// Opens a stream; a fresh one (no `lastEventID`) must start with its snapshot of open legs, read here.
    func stream(_ server: TestServer, _ client: APIClient, query: String = "", lastEventID: String? = nil, readSnapshot: Bool = true)
        async throws -> EventStreamClient
    {
        let stream = try await EventStreamClient.connect(server.baseURL + "/api/stream" + query, cookie: client.cookie, lastEventID: lastEventID)
        #expect(stream.status == 200)
        if lastEventID == nil, readSnapshot {
            #expect(await stream.next()?.event == "snapshot")
        }
        return stream
    }

    @Test func incomingCallReachesEveryTabOfItsManagerAndNobodyElse() async throws {
        try await withServer(seed: true) { server in
            let ivanov = try await session(server, "ivanov")
            let petrova = try await session(server, "petrova")
            let tabA = try await stream(server, ivanov)
            let tabB = try await stream(server, ivanov)
            let other = try await stream(server, petrova)
            #expect(tabA.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true)
            #expect(tabA.headers.first(name: "X-Accel-Buffering") == "no")

            try await event(server, "INCOMING", user: "ivanov", callid: "S-1")
            for tab in [tabA, tabB] {
                let popup = try #require(await tab.next())
                #expect(popup.event == "call")
                #expect(popup.id != nil)
                #expect(popup.json["callid"] as? String == "S-1")
                #expect(popup.json["state"] as? String == "INCOMING")
                #expect(popup.json["phone"] as? String == "+79161234567")
                #expect(popup.json["direction"] as? String == "in")
                let contact = try #require(popup.json["contact"] as? [String: Any])
                #expect(contact["name"] as? String == "Смирнов Алексей Петрович")
                #expect(contact["company"] as? String == "ООО «Вектор»")
            }
            // Petrova's first message is her own call, so ivanov's never reached her stream.
            try await event(server, "INCOMING", user: "petrova", callid: "S-2")
            let hers = try #require(await other.next())
            #expect(hers.json["callid"] as? String == "S-2")
            for tab in [tabA, tabB, other] { await tab.close() }
        }
    }

    @Test func acceptedAndClosingStatesFollowAndHistoryIsPushed() async throws {
        try await withServer(seed: true) { server in
            let ivanov = try await session(server, "ivanov")
            let tab = try await stream(server, ivanov)
            try await event(server, "INCOMING", user: "ivanov", callid: "S-3")
            try await event(server, "INCOMING", user: "ivanov", callid: "S-3")  // a repeat moves nothing
            try await event(server, "ACCEPTED", user: "ivanov", callid: "S-3")
            try await event(server, "COMPLETED", user: "ivanov", callid: "S-3")
            try await event(server, "INCOMING", user: "ivanov", callid: "S-3")  // late: must not reopen
            let states = [await tab.next(), await tab.next(), await tab.next()].map { $0?.json["state"] as? String }
            #expect(states == ["INCOMING", "ACCEPTED", "COMPLETED"])
            let history = try await APIClient(baseURL: server.baseURL).form(
                "/crm_integration",
                [
                    "cmd": "history", "type": "in", "status": "Success", "phone": "79161234567", "user": "ivanov", "duration": "42",
                    "callid": "S-3", "crm_token": server.crmToken,
                ]
            )
            #expect(history.status == 200)
            let filed = try #require(await tab.next())
            #expect(filed.event == "history")
            #expect(filed.json["callid"] as? String == "S-3")
            #expect(filed.json["duration"] as? Int == 42)
            await tab.close()
        }
    }

    @Test func adminsSeeEveryManagerWithAllAndManagersMayNot() async throws {
        try await withServer(seed: true) { server in
            let admin = try await session(server, "admin", "admin")
            let board = try await stream(server, admin, query: "?all=1")
            try await event(server, "INCOMING", user: "ivanov", callid: "A-1")
            try await event(server, "INCOMING", user: "petrova", callid: "A-2")
            try await event(server, "INCOMING", user: "someone-unmapped", callid: "A-3")
            let seen = [await board.next(), await board.next(), await board.next()].map { $0?.json["callid"] as? String }
            #expect(seen == ["A-1", "A-2", "A-3"])
            await board.close()

            let ivanov = try await session(server, "ivanov")
            let refused = try await EventStreamClient.connect(server.baseURL + "/api/stream?all=1", cookie: ivanov.cookie)
            #expect(refused.status == 403)
            await refused.close()
            let anonymous = try await EventStreamClient.connect(server.baseURL + "/api/stream", cookie: nil)
            #expect(anonymous.status == 401)
            await anonymous.close()
        }
    }

    @Test func reconnectWithLastEventIDGetsExactlyWhatWasMissed() async throws {
        try await withServer(seed: true) { server in
            let ivanov = try await session(server, "ivanov")
            let first = try await stream(server, ivanov)
            try await event(server, "INCOMING", user: "ivanov", callid: "R-1")
            let seen = try #require(await first.next())
            await first.close()

            try await event(server, "ACCEPTED", user: "ivanov", callid: "R-1")
            try await event(server, "INCOMING", user: "petrova", callid: "R-2")
            try await event(server, "INCOMING", user: "ivanov", callid: "R-3")

            let again = try await stream(server, ivanov, lastEventID: seen.id)
            let missed = [await again.next(), await again.next()]
            #expect(missed.map { $0?.json["callid"] as? String } == ["R-1", "R-3"])
            #expect(missed.map { $0?.json["state"] as? String } == ["ACCEPTED", "INCOMING"])
            #expect(await again.next(timeout: .milliseconds(200)) == nil)
            await again.close()
        }
    }

    @Test func freshConnectionFirstGetsTheCallsStillRingingOrInProgress() async throws {
        try await withServer(seed: true) { server in
            try await event(server, "INCOMING", user: "ivanov", callid: "F-1")
            try await event(server, "INCOMING", user: "ivanov", callid: "F-2")
            try await event(server, "ACCEPTED", user: "ivanov", callid: "F-2")
            try await event(server, "INCOMING", user: "ivanov", callid: "F-3")
            try await event(server, "CANCELLED", user: "ivanov", callid: "F-3")
            try await event(server, "INCOMING", user: "petrova", callid: "F-4")

            let ivanov = try await session(server, "ivanov")
            let reloaded = try await stream(server, ivanov, readSnapshot: false)
            let open = [await reloaded.next(), await reloaded.next()].compactMap { $0?.json }
            #expect(Set(open.compactMap { $0["callid"] as? String }) == ["F-1", "F-2"])
            #expect(open.first { $0["callid"] as? String == "F-2" }?["state"] as? String == "ACCEPTED")
            // Then the list of what is open, so a reloaded page drops pop-ups of calls that ended meanwhile.
            let snapshot = try #require(await reloaded.next())
            #expect(snapshot.event == "snapshot")
            let legs = try #require(snapshot.json["open"] as? [[String: String]])
            #expect(Set(legs.compactMap { $0["callid"] }) == ["F-1", "F-2"])
            #expect(await reloaded.next(timeout: .milliseconds(200)) == nil)
            await reloaded.close()
        }
    }

    @Test func aClientThatGoesAwayIsReleased() async throws {
        try await withServer(seed: true) { server in
            let ivanov = try await session(server, "ivanov")
            let tabs = [try await stream(server, ivanov), try await stream(server, ivanov)]
            #expect(server.crm.hub.subscriberCount == 2)
            for tab in tabs { await tab.close() }
            let deadline = ContinuousClock.now + .seconds(5)
            while server.crm.hub.subscriberCount > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(server.crm.hub.subscriberCount == 0)
        }
    }

    @Test func idleStreamsGetHeartbeats() async throws {
        try await withServer(seed: true, configure: { $0.streamHeartbeat = .milliseconds(50) }) { server in
            let ivanov = try await session(server, "ivanov")
            let tab = try await stream(server, ivanov)
            let deadline = ContinuousClock.now + .seconds(5)
            while tab.commentCount < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(tab.commentCount >= 3)  // the opening comment and at least two pings
            await tab.close()
        }
    }

    @Test func shutdownEndsOpenStreams() async throws {
        let server = try await TestServer.start(seed: true)
        let ivanov = try await session(server, "ivanov")
        let tabs = [try await stream(server, ivanov), try await stream(server, ivanov)]
        await server.stop()
        for tab in tabs {
            #expect(await tab.waitForEnd())
            await tab.close()
        }
    }

    @Test func oneHeartbeatTaskPingsEveryRegisteredStreamAndStopsWithTheLast() async throws {
        let heartbeats = OpenStreams(interval: .milliseconds(20), maximumPerManager: 10) { _ in nil }
        let (first, firstSink) = AsyncStream<StreamController.Item>.makeStream()
        let (second, secondSink) = AsyncStream<StreamController.Item>.makeStream()
        let keys = [
            heartbeats.register(firstSink, manager: "a", session: nil, expires: nil),
            heartbeats.register(secondSink, manager: "b", session: nil, expires: nil),
        ]
        #expect(heartbeats.count == 2)
        for stream in [first, second] {
            var iterator = stream.makeAsyncIterator()
            guard case .heartbeat = await iterator.next() else {
                Issue.record("no heartbeat")
                continue
            }
        }
        for key in keys { heartbeats.unregister(key) }
        #expect(heartbeats.count == 0)
    }
}
