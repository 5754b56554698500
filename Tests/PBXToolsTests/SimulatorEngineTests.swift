import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Synchronization
import Testing

/// The engine itself: pacing, failure reporting, the observer, the random mix.
@Suite struct SimulatorEngineTests {
    @Test func pacingFollowsTheCallCompressedBySpeed() async throws {
        try await withServer(seed: true) { server in
            // 1 s ringing + 1 s talk + 0.8 s until history = 2.8 s of call time; at speed 10, 0.28 s.
            let call = CallSettings(callid: uniqueCallid("paced"), ringTime: .seconds(1), talkTime: .seconds(1))
            let simulator = Simulator(client: CRMEndpointClient(url: server.integrationURL, token: server.crmToken), speed: 10)
            let started = ContinuousClock.now
            let result = await simulator.run(.answered(call))
            let elapsed = ContinuousClock.now - started
            #expect(!result.failed)
            #expect(elapsed >= .milliseconds(270))
            #expect(elapsed < .seconds(2))
            let offsets = result.outcomes.map(\.sentAt)
            #expect(offsets == offsets.sorted())
            // ACCEPTED waits out the ringing. Steps are due at fixed offsets from the call's start, so
            // a slow first request (a new connection) shortens the gap after it, not the ringing.
            #expect(offsets[2] >= .milliseconds(100))
        }
    }

    @Test func refusedRequestsFailTheRun() async throws {
        try await withServer(seed: true) { server in
            let scenarios = [CallScenario.missed(CallSettings(callid: uniqueCallid("refused")))]
            let result = await instantSimulator(server.integrationURL, token: "not-the-token").run(scenarios)
            #expect(result.failed)
            #expect(result.failures.count == 4)
            #expect(result.failures.allSatisfy { $0.exchange?.status == 401 })
        }
    }

    @Test func anUnreachableCRMFailsTheRunWithoutHanging() async {
        // Port 1 needs root to listen on: nothing answers there.
        let url = "http://127.0.0.1:1/crm_integration"
        let result = await instantSimulator(url).run([.busy(CallSettings(callid: uniqueCallid("unreachable")))])
        #expect(result.failed)
        #expect(result.outcomes.count == 3)
        #expect(result.outcomes.allSatisfy { $0.exchange == nil && $0.error != nil })
        #expect(ExchangeLine.format(result.outcomes[0]).contains("ERR"))
    }

    @Test func theObserverHearsEveryStepInOrder() async throws {
        try await withServer(seed: true) { server in
            let heard = Mutex<[String]>([])
            var simulator = instantSimulator(server.integrationURL)
            simulator.observer = { event in
                switch event {
                case .scenarioStarted(let scenario): heard.withLock { $0.append("start \(scenario.name)") }
                case .stepFinished(let outcome): heard.withLock { $0.append("\(outcome.index) \(outcome.exchange?.status ?? 0)") }
                case .scenarioFinished(let result): heard.withLock { $0.append("end \(result.failed ? "failed" : "ok")") }
                }
            }
            _ = await simulator.run(.outgoing(CallSettings(callid: uniqueCallid("observed"))))
            #expect(heard.withLock { $0 } == ["start outgoing", "0 200", "1 200", "2 200", "3 200", "end ok"])
        }
    }

    @Test func backgroundTrafficRunsUntilCancelled() async throws {
        try await withServer(seed: true) { server in
            let (finished, continuation) = AsyncStream<Bool>.makeStream()
            var simulator = instantSimulator(server.integrationURL)
            simulator.observer = { event in
                if case .scenarioFinished(let result) = event { continuation.yield(result.failed) }
            }
            let mix = TrafficMix(maxLeadIn: 0, callidPrefix: uniqueCallid("background") + "-", seed: 1)
            let traffic = Task { await simulator.runContinuously(concurrency: 3) { mix.scenario(number: $0) } }
            var failures: [Bool] = []
            for await failed in finished {
                failures.append(failed)
                if failures.count == 8 { break }
            }
            traffic.cancel()
            await traffic.value
            #expect(failures == Array(repeating: false, count: 8))
        }
    }

    @Test func theRandomMixIsReproducibleFromItsSeed() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let mix = TrafficMix(callidPrefix: "r-", seed: 7)
        let first = (0..<50).map { mix.scenario(number: $0, start: start) }
        let again = (0..<50).map { mix.scenario(number: $0, start: start) }
        #expect(first == again)
        #expect(Set(first.map(\.name)).count >= 4, "a mix of 50 calls has most kinds")
        #expect(first.map(\.callid) == (1...50).map { "r-\($0)" })
        #expect(TrafficMix(callidPrefix: "r-", seed: 8).scenario(number: 0, start: start) != first[0])
    }

    @Test func ringGroupRequestsMatchThePBXsOrder() {
        let scenario = CallScenario.group(CallSettings(callid: "G-1", users: ["a", "b", "c"], answeringUser: "b"))
        let labels = scenario.steps.map { step -> String in
            if case .event(let event) = step.request { return "\(event.type.rawValue) \(event.user)" }
            return ExchangeLine.commandLabel(step.request)
        }
        #expect(
            labels == [
                "contact", "INCOMING a", "INCOMING b", "INCOMING c", "ACCEPTED b", "CANCELLED a", "CANCELLED c", "COMPLETED b",
                "history in Success",
            ])
        #expect(scenario.length == .seconds(5) + .seconds(30) + .milliseconds(800) + .milliseconds(30 * 5))
    }

    @Test func delayingAScenarioMovesItsStartToo() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let scenario = CallScenario.answered(CallSettings(callid: "D-1", start: start)).delayed(by: .seconds(2))
        #expect(scenario.steps[0].offset == .seconds(2))
        guard case .history(let history) = try #require(scenario.steps.last).request else {
            Issue.record("the last step is not history")
            return
        }
        #expect(history.start == start.addingTimeInterval(2))
        #expect(history.parameters(crmToken: "t")["start"] == ProtocolTimestamp.format(start.addingTimeInterval(2)))
    }
}

extension HistoryRequest {
    fileprivate func parameters(crmToken: String) -> PBXParameters {
        CRMRequest.history(self).parameters(crmToken: crmToken)
    }
}
