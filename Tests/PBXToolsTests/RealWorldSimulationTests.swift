import Foundation
import MiniCRMTesting
import PBXProtocol
@testable import PBXTools
import Testing

/// The simulator sends what real PBXes send, and MiniCRM takes it.
@Suite struct RealWorldSimulationTests {
    @Test func aGroupCallNobodyTookIsFiledAsUserPBX() async throws {
        try await withServer(seed: true) { server in
            let callid = uniqueCallid("group-missed")
            let call = CallSettings(callid: callid, users: ["ivanov", "smirnova"], groupID: "g_test-group")
            let result = await instantSimulator(server.integrationURL).run(.groupMissed(call))
            #expect(!result.failed, "\(result.failureSummary)")
            #expect(
                result.outcomes.map { ExchangeLine.commandLabel($0.step.request) } == [
                    "contact", "event INCOMING", "event INCOMING", "event CANCELLED", "event CANCELLED", "history in missed",
                ])
            let cancelled = result.outcomes.compactMap { outcome -> EventRequest? in
                if case .event(let event) = outcome.step.request, event.type == .cancelled { event } else { nil }
            }
            #expect(cancelled.allSatisfy { $0.direction == nil && $0.ext == nil })

            let api = try await MiniCRMAPI.loggedIn(server.baseURL)
            let calls = try await api.calls(callid: callid)
            #expect(calls.count == 1)
            #expect(calls.first?["user"] as? String == "pbx")
            #expect(calls.first?["status"] as? String == "missed")
            #expect((calls.first?["extras"] as? [String: String])?["group"] == "g_test-group")
            #expect((calls.first?["extras"] as? [String: String])?["missedStatus"] == "1")
            let events = try await api.events(callid: callid)
            #expect(events.count == 4)
            #expect(events.allSatisfy { ($0["extras"] as? [String: String])?["z-flag"] == "0" })
        }
    }

    @Test func randomTrafficHasRealisticCallidsAndNumbersAndIsStored() async throws {
        let mix = TrafficMix(maxLeadIn: 0, realisticCallids: true, seed: 11)
        // Enough calls for the rarer kinds to appear; only the first 40 are played.
        let scenarios = (0..<300).map { mix.scenario(number: $0) }
        let callids = scenarios.map(\.callid)
        let uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
        let compact = /^[A-Z0-9]{10}[0-9]{6}$/
        #expect(callids.allSatisfy { $0.wholeMatch(of: uuid) != nil || $0.wholeMatch(of: compact) != nil }, "\(callids)")
        #expect(callids.contains { $0.wholeMatch(of: uuid) != nil } && callids.contains { $0.wholeMatch(of: compact) != nil })
        #expect(Set(callids).count == callids.count)
        #expect(mix.scenario(number: 7).callid == TrafficMix(maxLeadIn: 0, realisticCallids: true, seed: 11).scenario(number: 7).callid)
        let phones = scenarios.compactMap { scenario -> PhoneNumber? in
            if case .history(let history) = scenario.steps.last?.request { history.phone } else { nil }
        }
        #expect(phones.contains { $0.value.isEmpty }, "a hidden number")
        #expect(phones.contains { $0.value.hasPrefix("+373") }, "a foreign number")
        #expect(scenarios.contains { $0.name == ScenarioKind.groupMissed.rawValue })

        try await withServer(seed: true) { server in
            let result = await instantSimulator(server.integrationURL).run(Array(scenarios.prefix(40)), concurrency: 4)
            #expect(!result.failed, "\(result.failures.map { "\($0.callid) \(ExchangeLine.commandLabel($0.step.request)) \($0.exchange?.status ?? 0)" })")
            let api = try await MiniCRMAPI.loggedIn(server.baseURL)
            for played in result.scenarios.prefix(10) {
                let histories = played.scenario.steps.filter { $0.request.command == .history }.count
                #expect(try await api.calls(callid: played.scenario.callid).count == histories, "\(played.scenario.callid)")
            }
        }
    }

    /// `minicrm simulate --format junit`: one test case per call, failing with what the CRM refused.
    @Test func theJUnitReportHasOneCasePerCallAndNamesTheRefusal() async throws {
        try await withFaultyCRM(FaultyCRM.strict) { crm in
            let simulator = instantSimulator(crm.integrationURL, token: FaultyCRM.token)
            let calls = [
                CallScenario.answered(CallSettings(callid: "J-1", users: ["ivanov"])),
                CallScenario.groupMissed(CallSettings(callid: "J-2", users: ["ivanov", "smirnova"])),
            ]
            let result = await simulator.run(calls)
            let report = SimulationReport(url: crm.integrationURL, result: result)
            let cases = try XMLTree.parse(report.junit).all("testcase")
            #expect(cases.map { $0.attributes["name"] ?? "" } == ["answered J-1", "group-missed J-2"])
            #expect(cases[1].attributes["classname"] == "simulate.group-missed")
            let failures = cases.compactMap { $0.first("failure")?.attributes["message"] }
            #expect(failures.count == 2, "the strict CRM refuses z-flag on every event")
            #expect(failures[1].contains(#"history in missed → 400 {"error":"Invalid parameters"}"#), "\(failures[1])")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
            let played = try #require(json["scenarios"] as? [[String: Any]])
            #expect(played.map { $0["result"] as? String } == ["FAIL", "FAIL"])
            let requests = try #require(played.first?["requests"] as? [[String: Any]])
            #expect((requests.first?["parameters"] as? [String: String])?["crm_token"] == "***")
        }
    }
}
