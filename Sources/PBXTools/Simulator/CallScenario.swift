import Foundation
import PBXProtocol

/// One call as the PBX plays it to a CRM: the requests it sends and when, from the call's start.
public struct CallScenario: Sendable, Equatable {
    /// What kind of call this is, for printing: `answered`, `group`, or a name of your own.
    public var name: String
    public var callid: String
    /// In the order they are sent; offsets never decrease.
    public var steps: [ScenarioStep]

    public init(name: String, callid: String, steps: [ScenarioStep]) {
        self.name = name
        self.callid = callid
        self.steps = steps.sorted { $0.offset < $1.offset }
    }

    /// From the call's start to its last request.
    public var length: Duration { steps.last?.offset ?? .zero }

    /// The same call starting `delay` later: every step waits longer and `history` reports the later start.
    public func delayed(by delay: Duration) -> CallScenario {
        var shifted = self
        shifted.steps = steps.map { step in
            var step = step
            step.offset += delay
            if case .history(var history) = step.request, let start = history.start {
                history.start = start.addingTimeInterval(delay.inSeconds)
                step.request = .history(history)
            }
            return step
        }
        return shifted
    }
}

/// One request of a scenario and when to send it.
public struct ScenarioStep: Sendable, Equatable {
    /// From the start of the call.
    public var offset: Duration
    public var request: CRMRequest

    public init(offset: Duration, request: CRMRequest) {
        self.offset = offset
        self.request = request
    }
}

/// Builds a scenario's steps in time order, the way a PBX lives through a call.
struct ScenarioTimeline {
    /// Events about one moment of a call reach the CRM a few milliseconds apart.
    static let eventGap: Duration = .milliseconds(30)
    /// `history` follows the end of the call once the PBX has written the call record.
    static let historyDelay: Duration = .milliseconds(800)

    private(set) var now: Duration = .zero
    private(set) var steps: [ScenarioStep] = []

    mutating func send(_ request: CRMRequest) {
        steps.append(ScenarioStep(offset: now, request: request))
    }

    /// Sends `request` a moment after the previous one.
    mutating func follow(with request: CRMRequest) {
        if !steps.isEmpty { now += Self.eventGap }
        send(request)
    }

    mutating func wait(_ time: Duration) {
        now += max(time, .zero)
    }

    func scenario(_ kind: ScenarioKind, _ call: CallSettings) -> CallScenario {
        CallScenario(name: kind.rawValue, callid: call.callid, steps: steps)
    }
}
