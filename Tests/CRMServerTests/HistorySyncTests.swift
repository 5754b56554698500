import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

@testable import CRMServer

/// History sync end to end: MiniCRM stops, the fake PBX goes on taking calls and files them in its
/// own history, MiniCRM starts again and fills in exactly those calls, once each.
@Suite(.timeLimit(.minutes(3))) struct HistorySyncTests {
    static let pbxConfiguration: FakePBXConfiguration = {
        var configuration = FakePBXConfiguration(port: 0, ringDelay: .milliseconds(10), talkDuration: .milliseconds(20), logLevel: .error)
        // Multi-tenant PBXes name accounts `login@tenant` in their history; pushes carry the bare login.
        configuration.tenantDomain = "acme.example"
        return configuration
    }()

    /// The last sync, once one with `trigger` has finished.
    func finishedSync(_ admin: APIClient, trigger: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let last = try await admin.get("/api/pbx/history/sync").json["last"] as? [String: Any]
            if let last, last["trigger"] as? String == trigger, last["finished_at"] is String { return last }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("no \(trigger) sync finished")
    }

    @Test func aRestartFillsExactlyTheCallsPlacedWhileMiniCRMWasStoppedOnceEach() async throws {
        try await RunningFakePBX.withRunning(Self.pbxConfiguration) { pbx in
            let path = TestServer.temporaryDatabase()
            defer { TestServer.removeDatabase(at: path) }
            var server = try await TestServer.start(databasePath: path, seed: true)
            try await server.crm.connectPBX(baseURL: pbx.baseURL, login: "admin", password: "admin")
            let pushed = try #require(await pbx.pbx.play(.init(scenario: .answered, phone: Seed.smirnovPhone, users: [Seed.ivanov])))
            #expect(pushed.refused == 0)
            let admin = try await APIClient.admin(server)
            let callsBefore = try await admin.get("/api/calls?limit=1").json["total"] as? Int ?? -1
            await server.stop()

            let downStarted = Date()
            var whileDown: [String] = []
            for order in [
                FakePBX.CallOrder(scenario: .answered, phone: "79031112233", users: [Seed.petrova]),
                FakePBX.CallOrder(scenario: .missed, phone: Seed.smirnovPhone, users: [Seed.kozlov]),
                FakePBX.CallOrder(scenario: .groupMissed, phone: "74957654321", users: [Seed.ivanov, Seed.smirnova]),
                FakePBX.CallOrder(scenario: .outgoing, phone: "79035556677", users: [Seed.volkova]),
            ] {
                let report = try #require(await pbx.pbx.play(order))
                #expect(report.refused == report.requests, "MiniCRM is down: no push can arrive")
                whileDown.append(report.callid)
            }
            let filedByPBX = await pbx.state.history(in: downStarted..<Date())
            #expect(Set(filedByPBX.map(\.uid)) == Set(whileDown))
            #expect(filedByPBX.allSatisfy { $0.account.hasSuffix("@acme.example") })

            server = try await TestServer.start(databasePath: path, seed: true)
            do {
                try await checkRestarted(
                    server, pushed: pushed.callid, whileDown: whileDown, filedByPBX: filedByPBX, callsBefore: callsBefore)
                await server.stop()
            } catch {
                await server.stop()
                throw error
            }
        }
    }

    /// What the restarted MiniCRM holds: every call of `filedByPBX` once, and the pushed one still once.
    func checkRestarted(
        _ server: TestServer, pushed: String, whileDown: [String], filedByPBX: [PBXHistoryRecord], callsBefore: Int
    ) async throws {
        let restarted = try await APIClient.admin(server)
        let startup = try await finishedSync(restarted, trigger: "startup")
        #expect(startup["error"] is NSNull)
        #expect(startup["filed"] as? Int == filedByPBX.count, "\(startup) \(filedByPBX)")
        let callsAfter = try await restarted.get("/api/calls?limit=1").json["total"] as? Int ?? -1
        #expect(callsAfter == callsBefore + filedByPBX.count)

        // The call MiniCRM saw pushed is not filed a second time under its history's `ivanov@acme.example`.
        let seen = try await restarted.calls(callid: pushed)
        #expect(seen.count == 1)
        #expect(seen.first?["source"] as? String == "push")
        for line in filedByPBX {
            let calls = try await restarted.calls(callid: line.uid)
            #expect(calls.count == 1, "\(line.uid): \(calls.count) calls")
            #expect(calls.first?["source"] as? String == "pbx_history")
            #expect(calls.first?["duration"] as? Int == line.duration)
        }
        let missed = try #require(try await restarted.calls(callid: whileDown[1]).first)
        #expect(missed["manager"] as? String == Seed.kozlov)
        #expect(missed["user"] as? String == Seed.kozlov)
        #expect(missed["status"] as? String == "missed")
        #expect(missed["missed"] as? Bool == true)
        #expect(missed["contact_name"] as? String == Seed.smirnovName)
        let outgoing = try #require(try await restarted.calls(callid: whileDown[3]).first)
        #expect(outgoing["direction"] as? String == "out")
        #expect(outgoing["manager"] as? String == Seed.volkova)

        // The PBX's push arriving late takes the synced call over: still one call, refined.
        let late = try await restarted.form("/crm_integration", [
            "cmd": "history", "type": "in", "user": Seed.kozlov, "phone": Seed.smirnovPhone, "duration": "0",
            "callid": whileDown[1], "status": "Cancel", "link": "https://pbx.example/rec/late.mp3", "crm_token": server.crmToken,
        ])
        #expect(late.status == 200)
        let refined = try await restarted.calls(callid: whileDown[1])
        #expect(refined.count == 1)
        #expect(refined.first?["source"] as? String == "push")
        #expect(refined.first?["status"] as? String == "cancel")
        #expect(refined.first?["recordings"] as? [String] == ["https://pbx.example/rec/late.mp3"])
        // `pbx`, the user of a group call nobody took, is the history's `pbx@acme.example`.
        let group = try await restarted.form("/crm_integration", [
            "cmd": "history", "type": "in", "user": "pbx", "phone": "74957654321", "duration": "0", "callid": whileDown[2],
            "status": "missed", "crm_token": server.crmToken,
        ])
        #expect(group.status == 200)
        #expect(try await restarted.calls(callid: whileDown[2]).count == 1)

        // The Settings button reads the same day again and finds nothing new.
        let manual = try await restarted.request(.POST, "/api/pbx/history/sync")
        #expect(manual.status == 200, "\(manual.text)")
        #expect(manual.json["filed"] as? Int == 0)
        #expect(manual.json["received"] as? Int == filedByPBX.count + 1)
        #expect(try await restarted.get("/api/calls?limit=1").json["total"] as? Int == callsAfter)
    }

    @Test func aSyncWithoutAPBXIsAConflictAndABadWindowIsRefused() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let status = try await admin.get("/api/pbx/history/sync")
            #expect(status.json["connected"] as? Bool == false)
            #expect(try await admin.request(.POST, "/api/pbx/history/sync").status == 409)
            let backwards = "/api/pbx/history/sync?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z"
            #expect(try await admin.request(.POST, backwards).status == 400)
            #expect(try await admin.request(.POST, "/api/pbx/history/sync?since=soon").status == 400)
            let manager = try await APIClient.loggedIn(server, Seed.ivanov)
            #expect(try await manager.request(.POST, "/api/pbx/history/sync").status == 403)
        }
    }
}

/// The PBX heard again after a silence: its pushes may have been failing meanwhile, so the silence is synced.
@Suite(.timeLimit(.minutes(3))) struct HistorySyncAfterSilenceTests {
    @Test func theFirstRequestAfterASilenceSyncsTheSilence() async throws {
        try await RunningFakePBX.withRunning(HistorySyncTests.pbxConfiguration) { pbx in
            try await withServer(seed: true) { server in
                try await server.crm.connectPBX(baseURL: pbx.baseURL, login: "admin", password: "admin")
                let admin = try await APIClient.admin(server)
                _ = try await HistorySyncTests().finishedSync(admin, trigger: "connect")
                // A call whose pushes get nowhere (here: every connection dropped).
                #expect(try await admin.json(.PUT, "/api/admin/faults/*", ["drop": true]).status == 200)
                let lost = try #require(await pbx.pbx.play(.init(scenario: .missed, phone: Seed.smirnovPhone, users: [Seed.petrova])))
                #expect(lost.refused == lost.requests)
                #expect(try await admin.request(.DELETE, "/api/admin/faults").status == 200)
                #expect(try await admin.calls(callid: lost.callid).isEmpty)

                // The PBX heard half a minute later is no silence; ten minutes after that, it is.
                let sync = server.crm.historySync
                #expect(!sync.heard(at: Date().addingTimeInterval(30)))
                #expect(sync.heard(at: Date().addingTimeInterval(30 + HistorySync.silence)))
                let resumed = try await HistorySyncTests().finishedSync(admin, trigger: "resumed")
                #expect(resumed["filed"] as? Int == 1)
                let calls = try await admin.calls(callid: lost.callid)
                #expect(calls.count == 1 && calls.first?["status"] as? String == "missed")
            }
        }
    }
}
