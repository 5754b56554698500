import PBXProtocol

/// One request of a scenario, sent, and what came back.
public struct StepOutcome: Sendable {
    public var scenario: String
    public var callid: String
    /// The step's position in its scenario.
    public var index: Int
    public var step: ScenarioStep
    /// When the request went out, from the start of the simulation.
    public var sentAt: Duration
    /// What the CRM answered; nil when it did not answer.
    public var exchange: CRMEndpointClient.Exchange?
    /// Why there is no answer: a refused connection, a timeout.
    public var error: String?

    public init(
        scenario: String, callid: String, index: Int, step: ScenarioStep, sentAt: Duration, exchange: CRMEndpointClient.Exchange?,
        error: String?
    ) {
        self.scenario = scenario
        self.callid = callid
        self.index = index
        self.step = step
        self.sentAt = sentAt
        self.exchange = exchange
        self.error = error
    }

    /// The PBX counts anything but a 200 as a failure.
    public var succeeded: Bool { exchange?.status == 200 }
}

/// One played scenario.
public struct ScenarioResult: Sendable {
    public var scenario: CallScenario
    public var outcomes: [StepOutcome]

    public init(scenario: CallScenario, outcomes: [StepOutcome]) {
        self.scenario = scenario
        self.outcomes = outcomes
    }

    public var failed: Bool { outcomes.contains { !$0.succeeded } || outcomes.count < scenario.steps.count }
}

/// A whole simulation run, in the order the scenarios were started.
public struct SimulationResult: Sendable {
    public var scenarios: [ScenarioResult]
    public var elapsed: Duration

    public init(scenarios: [ScenarioResult], elapsed: Duration) {
        self.scenarios = scenarios
        self.elapsed = elapsed
    }

    /// Whether any request was not answered 200, or not answered at all: `minicrm simulate` then exits non-zero.
    public var failed: Bool { scenarios.contains(where: \.failed) }

    public var outcomes: [StepOutcome] { scenarios.flatMap(\.outcomes) }

    public var failures: [StepOutcome] { outcomes.filter { !$0.succeeded } }

    public var latencies: LatencySummary { LatencySummary(outcomes.compactMap { $0.exchange?.latency }) }
}

/// What the simulator reports while it runs.
public enum SimulationEvent: Sendable {
    case scenarioStarted(CallScenario)
    case stepFinished(StepOutcome)
    case scenarioFinished(ScenarioResult)
}

/// Receives every event as it happens, possibly from several calls at once.
public typealias SimulationObserver = @Sendable (SimulationEvent) -> Void
