/// The calls the simulator knows how to play.
public enum ScenarioKind: String, Sendable, CaseIterable, Codable {
    /// contact → INCOMING → ACCEPTED → COMPLETED → history `Success` with a recording.
    case answered
    /// contact → INCOMING → CANCELLED → history `missed`, duration 0.
    case missed
    /// A ring group: INCOMING to every user under one callid, ACCEPTED to one, CANCELLED to the rest.
    case group
    /// A ring group nobody answers: CANCELLED to every user, history `missed` with `user=pbx`.
    case groupMissed = "group-missed"
    /// The first user answers and transfers to the second: history for both legs.
    case transfer
    /// OUTGOING → ACCEPTED → COMPLETED → history `out` `Success`.
    case outgoing
    /// OUTGOING → CANCELLED → history `out` `Busy`.
    case busy

    public func scenario(_ call: CallSettings) -> CallScenario {
        switch self {
        case .answered: .answered(call)
        case .missed: .missed(call)
        case .group: .group(call)
        case .groupMissed: .groupMissed(call)
        case .transfer: .transfer(call)
        case .outgoing: .outgoing(call)
        case .busy: .busy(call)
        }
    }
}
