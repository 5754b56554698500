import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

/// Each scenario played against a real, seeded MiniCRM, then checked through MiniCRM's JSON API.
@Suite struct SimulatorScenarioTests {
    @Test func answeredCallIsStoredAsSuccessWithItsRecording() async throws {
        try await withServer(seed: true) { server in
            let callid = uniqueCallid("answered")
            let result = await instantSimulator(server.integrationURL).run(
                .answered(CallSettings(callid: callid, users: ["ivanov"], talkTime: .seconds(42)))
            )
            #expect(!result.failed, "\(result.failureSummary)")
            #expect(
                result.outcomes.map { ExchangeLine.commandLabel($0.step.request) } == [
                    "contact", "event INCOMING", "event ACCEPTED", "event COMPLETED", "history in Success",
                ])
            #expect(result.outcomes[0].exchange?.jsonObject()?["contact_name"] as? String == "Смирнов Алексей Петрович")

            let api = try await MiniCRMAPI.loggedIn(server.baseURL)
            let calls = try await api.calls(callid: callid)
            #expect(calls.count == 1)
            #expect(calls.first?["manager"] as? String == "ivanov")
            #expect(calls.first?["status"] as? String == "success")
            #expect(calls.first?["duration"] as? Int == 42)
            #expect(calls.first?["recordings"] as? [String] == ["https://records.example/\(callid)/ivanov.mp3"])
            #expect(try await api.events(callid: callid).compactMap { $0["type"] as? String } == ["INCOMING", "ACCEPTED", "COMPLETED"])
        }
    }

    @Test func missedCallIsStoredAsMissedWithoutDuration() async throws {
        try await withServer(seed: true) { server in
            let callid = uniqueCallid("missed")
            let result = await instantSimulator(server.integrationURL).run(.missed(CallSettings(callid: callid, users: ["petrova"])))
            #expect(!result.failed, "\(result.failureSummary)")
            let calls = try await MiniCRMAPI.loggedIn(server.baseURL).calls(callid: callid)
            #expect(calls.count == 1)
            #expect(calls.first?["status"] as? String == "missed")
            #expect(calls.first?["duration"] as? Int == 0)
            #expect(calls.first?["missed"] as? Bool == true)
            #expect(calls.first?["recordings"] as? [String] == [])
        }
    }

    @Test func ringGroupStoresExactlyOneCallForTheUserWhoAnswered() async throws {
        try await withServer(seed: true) { server in
            let callid = uniqueCallid("group")
            let group = CallSettings(callid: callid, users: ["ivanov", "smirnova", "petrova"], answeringUser: "smirnova")
            let result = await instantSimulator(server.integrationURL).run(.group(group))
            #expect(!result.failed, "\(result.failureSummary)")

            let api = try await MiniCRMAPI.loggedIn(server.baseURL)
            let calls = try await api.calls(callid: callid)
            #expect(calls.count == 1)
            #expect(calls.first?["manager"] as? String == "smirnova")
            #expect(calls.first?["group"] as? String == "Отдел продаж")
            let events = try await api.events(callid: callid).map { "\($0["type"] ?? "") \($0["user"] ?? "")" }
            #expect(
                events.sorted() == [
                    "ACCEPTED smirnova", "CANCELLED ivanov", "CANCELLED petrova", "COMPLETED smirnova",
                    "INCOMING ivanov", "INCOMING petrova", "INCOMING smirnova",
                ])
        }
    }

    @Test func transferStoresBothLegs() async throws {
        try await withServer(seed: true) { server in
            let callid = uniqueCallid("transfer")
            let call = CallSettings(callid: callid, users: ["ivanov", "kozlov"], talkTime: .seconds(90))
            let result = await instantSimulator(server.integrationURL).run(.transfer(call))
            #expect(!result.failed, "\(result.failureSummary)")

            let api = try await MiniCRMAPI.loggedIn(server.baseURL)
            let legs = Dictionary(
                uniqueKeysWithValues: try await api.calls(callid: callid).compactMap { call in
                    (call["manager"] as? String).map { ($0, call["duration"] as? Int ?? -1) }
                }
            )
            #expect(legs == ["ivanov": 30, "kozlov": 90])
            let transferred = try await api.events(callid: callid).first { $0["type"] as? String == "TRANSFERRED" }
            #expect(transferred?["user"] as? String == "ivanov")
            #expect((transferred?["extras"] as? [String: String])?["second_callid"] == "\(callid)-2")
        }
    }

    @Test(arguments: [(ScenarioKind.outgoing, "success", 30), (.busy, "busy", 0)])
    func outgoingCallsAreStoredAsOutgoing(kind: ScenarioKind, status: String, duration: Int) async throws {
        try await withServer(seed: true) { server in
            let callid = uniqueCallid(kind.rawValue)
            let call = CallSettings(callid: callid, phone: PhoneNumber("79169998877"), users: ["volkova"])
            let result = await instantSimulator(server.integrationURL).run(kind.scenario(call))
            #expect(!result.failed, "\(result.failureSummary)")
            #expect(result.outcomes.first.map { ExchangeLine.commandLabel($0.step.request) } == "event OUTGOING")

            let calls = try await MiniCRMAPI.loggedIn(server.baseURL).calls(callid: callid)
            #expect(calls.count == 1)
            #expect(calls.first?["direction"] as? String == "out")
            #expect(calls.first?["status"] as? String == status)
            #expect(calls.first?["duration"] as? Int == duration)
            #expect(calls.first?["manager"] as? String == "volkova")
        }
    }

    @Test(arguments: BodyEncoding.allCases)
    func everyEncodingIsUnderstood(encoding: BodyEncoding) async throws {
        try await withServer(seed: true) { server in
            let callid = uniqueCallid(encoding.rawValue)
            var simulator = instantSimulator(server.integrationURL)
            simulator.encoding = encoding
            let result = await simulator.run(.answered(CallSettings(callid: callid, diversion: "74951234567")))
            #expect(!result.failed, "\(result.failureSummary)")
            let calls = try await MiniCRMAPI.loggedIn(server.baseURL).calls(callid: callid)
            #expect(calls.first?["diversion"] as? String == "74951234567")
        }
    }

    @Test func randomTrafficStoresAHistoryForEveryCall() async throws {
        try await withServer(seed: true) { server in
            let prefix = uniqueCallid("random") + "-"
            let mix = TrafficMix(callidPrefix: prefix, seed: 42)
            let result = await instantSimulator(server.integrationURL).run(count: 12, concurrency: 4) { mix.scenario(number: $0) }
            #expect(result.scenarios.count == 12)
            #expect(!result.failed, "\(result.failures.map { "\($0.callid) \($0.exchange?.status ?? 0)" })")
            #expect(Set(result.scenarios.map(\.scenario.callid)).count == 12)

            let api = try await MiniCRMAPI.loggedIn(server.baseURL)
            for played in result.scenarios {
                let histories = played.scenario.steps.filter { $0.request.command == .history }.count
                #expect(
                    try await api.calls(callid: played.scenario.callid).count == histories,
                    "\(played.scenario.name) \(played.scenario.callid)")
            }
        }
    }
}
