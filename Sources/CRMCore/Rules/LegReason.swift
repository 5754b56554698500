import PBXProtocol

/// Why a closed leg ended, as the browser is told it: the missed-calls tray and the board's counters
/// go by this, never by the closing event alone. `CANCELLED` only says "this leg stopped ringing" —
/// the caller gave up, or a colleague in the ring group answered.
public enum LegReason: String, Codable, Sendable, CaseIterable {
    /// This leg was answered; the call has ended or moved on.
    case completed
    /// Another leg of the same call was answered.
    case answeredElsewhere = "answered_elsewhere"
    /// An incoming call nobody answered.
    case missed
    /// An outgoing call the other side never answered.
    case unanswered

    /// The reason of every closed leg of one call, from all that is known of it: the legs' events, and
    /// the `history` filed per `user` — the authority on whether that leg was answered, once it comes.
    ///
    /// Events of one call race: a losing leg's `CANCELLED` may arrive before the winner's `ACCEPTED`,
    /// so a reason given early may change when later events or a history arrive.
    public static func reasons(of legs: [CallLeg], answeredByHistory: [String: Bool]) -> [String: LegReason] {
        func answered(_ leg: CallLeg) -> Bool { answeredByHistory[leg.user] ?? leg.wasAnswered }
        let anyoneAnswered = legs.contains(where: answered) || answeredByHistory.values.contains(true)
        var reasons: [String: LegReason] = [:]
        for leg in legs where !leg.isOpen {
            reasons[leg.user] =
                if answered(leg) { .completed }
                else if anyoneAnswered { .answeredElsewhere }
                else if leg.direction == .outgoing { .unanswered }
                else { .missed }
        }
        return reasons
    }

    /// The legs of one call whose reason is not (or no longer) the one `reasons` gives, with it set.
    public static func corrections(of legs: [CallLeg], answeredByHistory: [String: Bool]) -> [CallLeg] {
        let reasons = reasons(of: legs, answeredByHistory: answeredByHistory)
        return legs.compactMap { leg in
            guard let reason = reasons[leg.user], reason != leg.reason else { return nil }
            var corrected = leg
            corrected.reason = reason
            return corrected
        }
    }
}

extension CallLeg {
    /// Whether this leg's own events say it was answered.
    public var wasAnswered: Bool { answeredAt != nil || state == .completed }
}

extension Call {
    /// Whether this leg's history says it was answered.
    public var wasAnswered: Bool { Self.wasAnswered(status: status, duration: duration) }

    /// A history without a status was answered if it lasted.
    public static func wasAnswered(status: CallStatus?, duration: Int) -> Bool {
        status.map { $0 == .success } ?? (duration > 0)
    }
}
