import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// Replays every scenario of `pbx-traffic.json` in every encoding and checks what was stored.
@Suite struct FixtureReplayTests {
    @Test func theFixtureIsBundled() throws {
        let scenarios = try TrafficFixture.load()
        #expect(scenarios.count >= 9)
        #expect(scenarios.allSatisfy { !$0.requests.isEmpty })
    }

    @Test(arguments: TrafficFixture.names, Wire.allCases)
    func scenarioStoresWhatItExpects(name: String, wire: Wire) async throws {
        let scenarios = try TrafficFixture.load()
        let scenario = try #require(scenarios.first { $0.name == name })
        // Scenarios that continue an earlier call (a rating after it) replay that call first.
        let earlier = scenarios.prefix { $0.name != name }.filter { !$0.callids.isDisjoint(with: scenario.callids) }
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let admin = try await APIClient.admin(server)
            var contactAnswers: [String] = []
            var eventCounts: [String: Int] = [:]
            for replayed in earlier + [scenario] {
                try await server.crm.integration.updateSettings { $0.selfMap = replayed.selfMap }
                if replayed.selfMap {
                    // The PBX account of the manager the scenario's `ivanov@acme.example` stands for.
                    let mapped = try await admin.json(.PATCH, "/api/managers/\(Self.selfMapManager)", ["pbx_account": "ivanov"])
                    #expect(mapped.status == 200)
                }
                for request in replayed.requests {
                    let parameters = PBXParameters(
                        TrafficFixture.resolve(request, token: server.crmToken).sorted { $0.key < $1.key }.map { .init($0.key, $0.value) }
                    )
                    let reply = try await pbx.pbx(parameters, as: wire)
                    #expect(reply.status == 200, "\(replayed.name): \(request) → \(reply.status) \(reply.text)")
                    if request["cmd"] == "contact", replayed.name == name { contactAnswers.append(reply.text) }
                    if request["cmd"] == "event", let callid = request["callid"] { eventCounts[callid, default: 0] += 1 }
                }
            }
            try await check(scenario, server: server, admin: admin, contactAnswers: contactAnswers)
            for callid in scenario.callids {
                // Every event is kept, repeats included, and no pop-up stays open once the call is over.
                #expect(try await admin.get("/api/events?callid=\(callid.urlQueryEscaped)").items.count == eventCounts[callid] ?? 0)
            }
            let open = try await server.crm.store.legs(open: true, updatedSince: Date(timeIntervalSince1970: 0), manager: nil, limit: nil)
            #expect(open.filter { scenario.callids.contains($0.callid) }.isEmpty, "open legs: \(open)")
        }
    }

    /// The manager whose PBX account the self-map scenarios' `login@tenant` users name.
    static let selfMapManager = "ivanov"

    private func check(_ scenario: TrafficFixture.Scenario, server: TestServer, admin: APIClient, contactAnswers: [String]) async throws {
        let callid = try #require(scenario.callids.sorted().first)
        let calls = try await admin.calls(callid: callid)
        let call = calls.first ?? [:]
        for (key, expected) in scenario.expect {
            switch key {
            case "calls":
                #expect(calls.count == expected as? Int)
            case "status", "direction", "phone", "start":
                #expect(call[key] as? String == expected as? String, "\(key)")
            case "duration", "rating":
                #expect(call[key] as? Int == expected as? Int, "\(key)")
            case "recordings":
                #expect((call["recordings"] as? [String])?.count == expected as? Int)
            case "manager":
                let manager = scenario.selfMap ? Self.selfMapManager : TrafficFixture.managers[expected as? String ?? ""]
                #expect(manager != nil)
                #expect(call["manager"] as? String == manager)
            case "legs":
                let legs = try #require(expected as? [String: Int])
                let stored = Dictionary(uniqueKeysWithValues: calls.compactMap { leg in
                    (leg["user"] as? String).map { ($0, leg["duration"] as? Int ?? -1) }
                })
                #expect(stored == Dictionary(uniqueKeysWithValues: legs.map { (TrafficFixture.managers[$0.key] ?? $0.key, $0.value) }))
            case "popups_closed_for":
                let users = try #require(expected as? [String]).compactMap { TrafficFixture.managers[$0] }
                let events = try await admin.get("/api/events?callid=\(callid.urlQueryEscaped)").items
                for user in users {
                    let closing = events.filter { $0["user"] as? String == user && $0["type"] as? String == "CANCELLED" }
                    #expect(closing.count == 1 && closing.allSatisfy { $0["applied"] as? Bool == true }, "\(user)")
                }
            case "same_contact_for_all":
                #expect(contactAnswers.count > 1)
                #expect(Set(contactAnswers).count == 1)
                #expect(contactAnswers.first != "{}")
            default:
                Issue.record("the fixture expects \(key), which this test does not check yet")
            }
        }
    }
}
