import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

/// The PBX's later commands through MiniCRM's API, against the fake PBX: do-not-disturb, ring groups
/// and subscriptions, and a call with a chosen caller id.
@Suite(.timeLimit(.minutes(3))) struct PBXUsersTests {
    static let fast = FakePBXConfiguration(port: 0, ringDelay: .milliseconds(10), talkDuration: .milliseconds(20), logLevel: .error)

    func withConnected(_ body: (TestServer, RunningFakePBX) async throws -> Void) async throws {
        try await RunningFakePBX.withRunning(Self.fast) { pbx in
            try await withServer(seed: true) { server in
                try await server.crm.connectPBX(baseURL: pbx.baseURL, login: "admin", password: "admin")
                try await body(server, pbx)
            }
        }
    }

    @Test func aManagerSwitchesTheirOwnDoNotDisturbAndAnAdminAnyones() async throws {
        try await withConnected { server, pbx in
            let ivanov = try await APIClient.loggedIn(server, Seed.ivanov)
            let own = try await ivanov.get("/api/managers/ivanov/dnd")
            #expect(own.status == 200)
            #expect(own.json["state"] as? String == "off")
            let on = try await ivanov.json(.PUT, "/api/managers/ivanov/dnd", ["state": "on"])
            #expect(on.status == 200 && on.json["state"] as? String == "on")
            #expect(await pbx.state.doNotDisturb(account: "ivanov") == .on)
            #expect(try await ivanov.get("/api/managers/ivanov/dnd").json["state"] as? String == "on")
            // Someone else's is for admins.
            #expect(try await ivanov.json(.PUT, "/api/managers/smirnova/dnd", ["state": "on"]).status == 403)
            #expect(try await ivanov.get("/api/managers/smirnova/dnd").status == 403)
            let admin = try await APIClient.admin(server)
            #expect(try await admin.json(.PUT, "/api/managers/smirnova/dnd", ["state": "on"]).status == 200)
            #expect(await pbx.state.doNotDisturb(account: "smirnova") == .on)
            #expect(try await admin.json(.PUT, "/api/managers/smirnova/dnd", ["state": "maybe"]).status == 400)
            #expect(try await admin.get("/api/managers/nobody/dnd").status == 404)
        }
    }

    @Test func settingsSeeTheGroupsAndWhoTakesTheirCalls() async throws {
        try await withConnected { server, pbx in
            let admin = try await APIClient.admin(server)
            let groups = try await admin.get("/api/pbx/groups")
            #expect(groups.status == 200)
            #expect(groups.items.compactMap { $0["name"] as? String } == ["sales", "support"])
            let token = try #require(await pbx.state.currentToken())
            let unsubscribed = try await APIClient(baseURL: pbx.baseURL).form(
                PBXAPI.commandPath, ["cmd": "subscribeOnCalls", "user": "petrova", "group_id": "sales", "status": "off", "token": token])
            #expect(unsubscribed.status == 200)
            let subscriptions = try await admin.get("/api/pbx/subscriptions")
            #expect(subscriptions.status == 200)
            var byManager: [String: [String: String]] = [:]
            for item in subscriptions.items {
                let groups = item["groups"] as? [[String: Any]] ?? []
                byManager[item["manager"] as? String ?? ""] = Dictionary(
                    uniqueKeysWithValues: groups.map { ($0["group"] as? String ?? "", $0["status"] as? String ?? "") })
            }
            #expect(byManager["ivanov"] == ["sales": "on"])
            #expect(byManager["petrova"] == ["sales": "off"])
            #expect(byManager["kozlov"] == ["support": "on"])
            // The seed's admin has no PBX account: a member of no group.
            #expect(byManager["admin"] == [:])
            let manager = try await APIClient.loggedIn(server, Seed.ivanov)
            #expect(try await manager.get("/api/pbx/groups").status == 403)
        }
    }

    @Test func aCallShowsTheCallerIdTheManagerChose() async throws {
        try await withConnected { server, pbx in
            let ivanov = try await APIClient.loggedIn(server, Seed.ivanov)
            let numbers = try await ivanov.get("/api/pbx/numbers")
            #expect(numbers.status == 200)
            let listed = numbers.items.compactMap { $0["number"] as? String }
            #expect(listed.first == "74951234501")
            #expect(numbers.items.first?["own"] as? Bool == true)
            #expect(Set(listed).count == listed.count && listed.count > 2)
            let dialled = try await ivanov.json(.POST, "/api/calls/dial", ["phone": "+7 916 123-45-67", "clid": "+7 495 123-45-00"])
            #expect(dialled.status == 200, "\(dialled.text)")
            let placed = await pbx.state.snapshot().makeCalls.last
            #expect(placed?.clid == "74951234500")
            #expect(placed?.phone == "79161234567")
            let bad = try await ivanov.json(.POST, "/api/calls/dial", ["phone": "79161234567", "clid": "reception"])
            #expect(bad.status == 400)
            #expect(bad.json["field"] as? String == "clid")
        }
    }

    @Test func withoutAPBXEachIsAConflict() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            for path in ["/api/managers/ivanov/dnd", "/api/pbx/numbers", "/api/pbx/groups", "/api/pbx/subscriptions"] {
                #expect(try await admin.get(path).status == 409, "\(path)")
            }
        }
    }
}
