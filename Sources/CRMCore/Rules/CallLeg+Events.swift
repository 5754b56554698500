import Foundation
import PBXProtocol

/// How events move a call leg.
///
/// Events for one call arrive within the same second and can race or repeat; a ring group sends
/// `INCOMING` to several users under one `callid`. A leg only ever moves forward: ringing, then in
/// call, then closed. A repeat, or a late event from an earlier phase, changes nothing; in
/// particular nothing reopens a closed leg, so a pop-up that closed stays closed.
extension CallLeg {
    public enum Phase: Int, Comparable, Sendable {
        case ringing, inCall, closed
        public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var phase: Phase { state.phase }
    public var isOpen: Bool { phase != .closed }

    /// The leg a first event opens, whichever event arrives first.
    public init(first event: ReceivedEvent) {
        self.init(
            callid: event.request.callid, user: event.request.user, manager: event.manager, state: event.request.type,
            direction: event.request.impliedDirection, phone: event.request.phone, contact: event.contact,
            diversion: event.request.diversion, groupRealName: event.request.groupRealName, startedAt: event.receivedAt,
            answeredAt: event.request.type == .accepted ? event.receivedAt : nil, updatedAt: event.receivedAt
        )
    }

    /// The leg after `event`, or nil when the event does not move it.
    public func applying(_ event: ReceivedEvent) -> CallLeg? {
        let type = event.request.type
        guard type.phase > phase else { return nil }
        var next = self
        next.state = type
        next.updatedAt = event.receivedAt
        if type == .accepted { next.answeredAt = event.receivedAt }
        if next.manager == nil { next.manager = event.manager }
        if next.contact == nil { next.contact = event.contact }
        if next.diversion == nil { next.diversion = event.request.diversion }
        if next.groupRealName == nil { next.groupRealName = event.request.groupRealName }
        return next
    }

    /// The leg once `history` reports it over, or nil when it was already closed.
    public func closing(by status: CallStatus?, at time: Date) -> CallLeg? {
        guard isOpen else { return nil }
        var next = self
        next.state = (status ?? .success) == .success ? .completed : .cancelled
        next.updatedAt = time
        return next
    }
}

extension CallEventType {
    public var phase: CallLeg.Phase {
        switch self {
        case .incoming, .outgoing: .ringing
        case .accepted: .inCall
        case .completed, .cancelled, .transferred: .closed
        }
    }
}
