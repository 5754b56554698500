/// Turns what the simulator reports into console lines: one per request, one per call started.
public enum SimulationLines {
    /// An observer that hands every line to `write`, which may be called from several calls at once.
    public static func observer(_ write: @escaping @Sendable (String) -> Void) -> SimulationObserver {
        { event in
            switch event {
            case .scenarioStarted(let scenario):
                write(started(scenario))
            case .stepFinished(let outcome):
                write(ExchangeLine.format(outcome))
            case .scenarioFinished:
                break
            }
        }
    }

    /// `▶ group        sim-k3f9-1   9 requests over 36.8 s`.
    public static func started(_ scenario: CallScenario) -> String {
        "▶ \(scenario.name.padding(toWidth: 10)) \(scenario.callid.padding(toWidth: 14)) "
            + "\(scenario.steps.count) requests over \(String(format: "%.1f", scenario.length.inSeconds)) s of call time"
    }

    /// `7 calls, 38 requests, 0 failed in 12.3 s; p50 1.1 ms, p99 3.4 ms, max 9 ms`.
    public static func summary(_ result: SimulationResult) -> String {
        let calls = result.scenarios.count
        let requests = result.outcomes.count
        return "\(calls) \(calls == 1 ? "call" : "calls"), \(requests) requests, \(result.failures.count) failed "
            + "in \(String(format: "%.1f", result.elapsed.inSeconds)) s; \(result.latencies.description)"
    }
}
