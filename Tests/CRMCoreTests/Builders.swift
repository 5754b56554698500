import CRMCore
import Foundation
import PBXProtocol

/// Events and legs as the integration service hands them to the store.
enum Build {
    static let t0 = Date(timeIntervalSince1970: 1_796_112_902)

    static func event(
        _ type: CallEventType, user: String = "ivanov", callid: String = "C-1", phone: String = "79161234567", at seconds: Double = 0,
        manager: ManagerID? = nil, contact: Int64? = nil, diversion: String? = nil, group: String? = nil
    ) -> ReceivedEvent {
        ReceivedEvent(
            request: EventRequest(type: type, phone: PhoneNumber(phone), user: user, callid: callid, diversion: diversion, groupRealName: group),
            manager: manager, contact: contact, receivedAt: t0.addingTimeInterval(seconds)
        )
    }

    /// Feeds `events` to a leg the way the store does: the first opens it, each later one may move it.
    static func leg(after events: [ReceivedEvent]) -> (leg: CallLeg, moved: [Bool]) {
        var leg = CallLeg(first: events[0])
        var moved = [true]
        for event in events.dropFirst() {
            if let next = leg.applying(event) {
                leg = next
                moved.append(true)
            } else {
                moved.append(false)
            }
        }
        return (leg, moved)
    }
}
