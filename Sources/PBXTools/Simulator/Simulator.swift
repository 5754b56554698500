import Foundation
import Logging
import PBXProtocol

/// Plays scenarios against a CRM's integration URL with the PBX's own timing, one request per step.
///
/// A failed request does not stop its call: a PBX goes on with the call whatever the CRM answers.
public struct Simulator: Sendable {
    public var client: CRMEndpointClient
    public var encoding: BodyEncoding
    /// Time compression: 10 plays a 60-second call in 6 seconds; `.infinity` sends every step at once.
    public var speed: Double
    public var observer: SimulationObserver
    public var logger: Logger

    public init(
        client: CRMEndpointClient, encoding: BodyEncoding = .form, speed: Double = 1,
        logger: Logger = Logger(label: "minicrm.simulator"), observer: @escaping SimulationObserver = { _ in }
    ) {
        self.client = client
        self.encoding = encoding
        self.speed = speed > 0 ? speed : 1
        self.logger = logger
        self.observer = observer
    }

    /// Plays one scenario; `origin` is the simulation's start, for the reported offsets.
    public func run(_ scenario: CallScenario, origin: ContinuousClock.Instant = .now) async -> ScenarioResult {
        observer(.scenarioStarted(scenario))
        let began = ContinuousClock.now
        var outcomes: [StepOutcome] = []
        for (index, step) in scenario.steps.enumerated() {
            if speed.isFinite {
                do {
                    try await Task.sleep(until: began + step.offset / speed, clock: .continuous)
                } catch {
                    break
                }
            }
            if Task.isCancelled { break }
            let outcome = await send(step, index: index, of: scenario, origin: origin)
            outcomes.append(outcome)
            observer(.stepFinished(outcome))
        }
        let result = ScenarioResult(scenario: scenario, outcomes: outcomes)
        observer(.scenarioFinished(result))
        return result
    }

    /// Plays `count` calls, at most `concurrency` at once; each is built just before it starts, so
    /// `history`'s `start` is when the call really began.
    public func run(
        count: Int, concurrency: Int, scenario makeScenario: (Int) -> CallScenario
    ) async -> SimulationResult {
        let origin = ContinuousClock.now
        var results: [Int: ScenarioResult] = [:]
        await play(count: count, concurrency: concurrency, startInterval: .zero, origin: origin, scenario: makeScenario) { index, result in
            results[index] = result
        }
        return SimulationResult(scenarios: results.sorted { $0.key < $1.key }.map(\.value), elapsed: ContinuousClock.now - origin)
    }

    /// Background traffic: plays call after call, at most `concurrency` at once and starting at
    /// most one every `startInterval`, until the task is cancelled. Only the observer hears of them,
    /// so nothing piles up however long it runs.
    public func runContinuously(
        concurrency: Int, startInterval: Duration = .zero, scenario makeScenario: (Int) -> CallScenario
    ) async {
        await play(count: .max, concurrency: concurrency, startInterval: startInterval, origin: .now, scenario: makeScenario) { _, _ in }
    }

    private func play(
        count: Int, concurrency: Int, startInterval: Duration, origin: ContinuousClock.Instant,
        scenario makeScenario: (Int) -> CallScenario,
        collect: (Int, ScenarioResult) -> Void
    ) async {
        let width = max(1, concurrency)
        await withTaskGroup(of: (Int, ScenarioResult).self) { group in
            var next = 0
            var lastStart: ContinuousClock.Instant?
            func startNext() async {
                if let lastStart, startInterval > .zero { try? await Task.sleep(until: lastStart + startInterval, clock: .continuous) }
                guard !Task.isCancelled else { return }
                let scenario = makeScenario(next)
                group.addTask { [next] in (next, await run(scenario, origin: origin)) }
                lastStart = .now
                next += 1
            }
            while next < count, next < width, !Task.isCancelled { await startNext() }
            while let (index, result) = await group.next() {
                collect(index, result)
                if next < count, !Task.isCancelled { await startNext() }
            }
        }
    }

    /// Plays ready-made scenarios, at most `concurrency` at once.
    public func run(_ scenarios: [CallScenario], concurrency: Int = 1) async -> SimulationResult {
        await run(count: scenarios.count, concurrency: concurrency) { scenarios[$0] }
    }

    private func send(_ step: ScenarioStep, index: Int, of scenario: CallScenario, origin: ContinuousClock.Instant) async -> StepOutcome {
        let sentAt = ContinuousClock.now - origin
        do {
            let exchange = try await client.send(step.request, encoding: encoding)
            if exchange.status != 200 {
                logger.warning(
                    "CRM refused a request",
                    metadata: ["callid": "\(scenario.callid)", "cmd": "\(step.request.command.rawValue)", "status": "\(exchange.status)"]
                )
            }
            return StepOutcome(
                scenario: scenario.name, callid: scenario.callid, index: index, step: step, sentAt: sentAt, exchange: exchange, error: nil
            )
        } catch {
            logger.warning(
                "CRM did not answer",
                metadata: ["callid": "\(scenario.callid)", "cmd": "\(step.request.command.rawValue)", "error": "\(error)"]
            )
            return StepOutcome(
                scenario: scenario.name, callid: scenario.callid, index: index, step: step, sentAt: sentAt, exchange: nil,
                error: String(describing: error)
            )
        }
    }
}
