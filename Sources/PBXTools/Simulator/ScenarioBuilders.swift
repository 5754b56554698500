import Foundation
import PBXProtocol

/// The realistic calls: the request sequences public deployments of the protocol were seen sending.
extension CallScenario {
    public static func answered(_ call: CallSettings) -> CallScenario {
        var timeline = ScenarioTimeline()
        let user = call.firstUser
        timeline.send(.contact(ContactRequest(phone: call.phone, callid: call.callid, diversion: call.diversion)))
        timeline.follow(with: call.event(.incoming, user: user))
        timeline.wait(call.ringTime)
        timeline.send(call.event(.accepted, user: user))
        timeline.wait(call.talkTime)
        timeline.send(call.event(.completed, user: user))
        timeline.wait(ScenarioTimeline.historyDelay)
        timeline.send(call.history(.incoming, user: user, status: .success, talk: call.talkTime))
        return timeline.scenario(.answered, call)
    }

    public static func missed(_ call: CallSettings) -> CallScenario {
        var timeline = ScenarioTimeline()
        let user = call.firstUser
        timeline.send(.contact(ContactRequest(phone: call.phone, callid: call.callid, diversion: call.diversion)))
        timeline.follow(with: call.event(.incoming, user: user))
        timeline.wait(call.ringTime)
        timeline.send(call.event(.cancelled, user: user))
        timeline.wait(ScenarioTimeline.historyDelay)
        timeline.send(call.history(.incoming, user: user, status: .missed, talk: nil))
        return timeline.scenario(.missed, call)
    }

    public static func group(_ call: CallSettings) -> CallScenario {
        var timeline = ScenarioTimeline()
        let answerer = call.groupAnswerer
        timeline.send(.contact(ContactRequest(phone: call.phone, callid: call.callid, diversion: call.diversion)))
        for user in call.users {
            timeline.follow(with: call.event(.incoming, user: user, inGroup: true))
        }
        timeline.wait(call.ringTime)
        timeline.send(call.event(.accepted, user: answerer, inGroup: true))
        for user in call.users where user != answerer {
            timeline.follow(with: call.event(.cancelled, user: user, inGroup: true))
        }
        timeline.wait(call.talkTime)
        timeline.send(call.event(.completed, user: answerer, inGroup: true))
        timeline.wait(ScenarioTimeline.historyDelay)
        timeline.send(call.history(.incoming, user: answerer, status: .success, talk: call.talkTime, inGroup: true))
        return timeline.scenario(.group, call)
    }

    /// Nobody in the group picks up: every leg is CANCELLED, and the PBX files the call as `user=pbx`.
    public static func groupMissed(_ call: CallSettings) -> CallScenario {
        var timeline = ScenarioTimeline()
        timeline.send(.contact(ContactRequest(phone: call.phone, callid: call.callid, diversion: call.diversion)))
        for user in call.users {
            timeline.follow(with: call.event(.incoming, user: user, inGroup: true))
        }
        timeline.wait(call.ringTime)
        for user in call.users {
            timeline.follow(with: call.event(.cancelled, user: user))
        }
        timeline.wait(ScenarioTimeline.historyDelay)
        timeline.send(call.history(.incoming, user: CallSettings.nobody, status: .missed, talk: nil, inGroup: true))
        return timeline.scenario(.groupMissed, call)
    }

    /// The first user talks a third of the talk time, then transfers; the second talks the full talk time.
    public static func transfer(_ call: CallSettings) -> CallScenario {
        var timeline = ScenarioTimeline()
        let (first, second) = (call.firstUser, call.secondUser)
        let firstTalk = call.talkTime / 3
        timeline.send(.contact(ContactRequest(phone: call.phone, callid: call.callid, diversion: call.diversion)))
        timeline.follow(with: call.event(.incoming, user: first))
        timeline.wait(call.ringTime)
        timeline.send(call.event(.accepted, user: first))
        timeline.wait(firstTalk)
        var transferred = call.eventRequest(.transferred, user: first)
        transferred.secondCallid = call.callid + "-2"
        timeline.send(.event(transferred))
        timeline.follow(with: call.event(.incoming, user: second))
        timeline.wait(call.ringTime)
        timeline.send(call.event(.accepted, user: second))
        timeline.wait(call.talkTime)
        timeline.send(call.event(.completed, user: second))
        timeline.wait(ScenarioTimeline.historyDelay)
        timeline.send(call.history(.incoming, user: first, status: .success, talk: firstTalk))
        let secondLegStart = call.ringTime + firstTalk + ScenarioTimeline.eventGap
        timeline.follow(with: call.history(.incoming, user: second, status: .success, talk: call.talkTime, startingAfter: secondLegStart))
        return timeline.scenario(.transfer, call)
    }

    public static func outgoing(_ call: CallSettings) -> CallScenario {
        var timeline = ScenarioTimeline()
        let user = call.firstUser
        timeline.send(call.event(.outgoing, user: user, direction: .outgoing))
        timeline.wait(call.ringTime)
        timeline.send(call.event(.accepted, user: user, direction: .outgoing))
        timeline.wait(call.talkTime)
        timeline.send(call.event(.completed, user: user, direction: .outgoing))
        timeline.wait(ScenarioTimeline.historyDelay)
        timeline.send(call.history(.outgoing, user: user, status: .success, talk: call.talkTime))
        return timeline.scenario(.outgoing, call)
    }

    public static func busy(_ call: CallSettings) -> CallScenario {
        var timeline = ScenarioTimeline()
        let user = call.firstUser
        timeline.send(call.event(.outgoing, user: user, direction: .outgoing))
        timeline.wait(call.ringTime)
        // Real PBXes send this CANCELLED without direction or ext.
        timeline.send(call.event(.cancelled, user: user))
        timeline.wait(ScenarioTimeline.historyDelay)
        timeline.send(call.history(.outgoing, user: user, status: .busy, talk: nil))
        return timeline.scenario(.busy, call)
    }
}

extension CallSettings {
    /// The `user` of a call no employee took.
    static let nobody = "pbx"

    /// Besides the documented fields, what real PBXes were seen adding: `z-flag`, and `group` in a group call.
    func eventRequest(_ type: CallEventType, user: String, direction: CallDirection? = nil, inGroup: Bool = false) -> EventRequest {
        var extras = ["z-flag": "0"]
        if inGroup, let groupID { extras["group"] = groupID }
        return EventRequest(
            type: type, phone: phone, user: user, callid: callid, diversion: direction == .outgoing ? nil : diversion,
            direction: direction, groupRealName: inGroup ? groupName : nil, telnum: telnum, extras: extras
        )
    }

    func event(_ type: CallEventType, user: String, direction: CallDirection? = nil, inGroup: Bool = false) -> CRMRequest {
        .event(eventRequest(type, user: user, direction: direction, inGroup: inGroup))
    }

    /// `talk` nil: nobody answered, so no duration and no recording.
    func history(
        _ direction: CallDirection, user: String, status: CallStatus, talk: Duration?, inGroup: Bool = false,
        startingAfter legOffset: Duration = .zero
    ) -> CRMRequest {
        .history(
            HistoryRequest(
                direction: direction, user: user, phone: phone, duration: talk?.wholeSeconds ?? 0, callid: callid,
                diversion: direction == .outgoing ? nil : diversion,
                links: talk.map { recordingLinks(user: user, duration: $0.wholeSeconds) } ?? [],
                start: start.addingTimeInterval(legOffset.inSeconds), status: status, telnum: telnum,
                groupRealName: inGroup ? groupName : nil, extras: historyExtras(status: status, inGroup: inGroup)
            )
        )
    }

    /// `wait` (seconds of ringing), `missedStatus` on an unanswered call, `group` in a group call.
    private func historyExtras(status: CallStatus, inGroup: Bool) -> [String: String] {
        var extras = ["wait": String(ringTime.wholeSeconds)]
        if status.isUnanswered { extras["missedStatus"] = "1" }
        if inGroup, let groupID { extras["group"] = groupID }
        return extras
    }
}
