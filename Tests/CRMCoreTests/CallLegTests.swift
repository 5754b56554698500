import CRMCore
import Foundation
import PBXProtocol
import Testing

@Suite struct CallLegTests {
    @Test func anAnsweredCallMovesThroughEveryPhase() {
        let (leg, moved) = Build.leg(after: [Build.event(.incoming), Build.event(.accepted, at: 3), Build.event(.completed, at: 60)])
        #expect(moved == [true, true, true])
        #expect(leg.state == .completed)
        #expect(!leg.isOpen)
        #expect(leg.startedAt == Build.t0)
        #expect(leg.answeredAt == Build.t0.addingTimeInterval(3))
        #expect(leg.updatedAt == Build.t0.addingTimeInterval(60))
    }

    @Test func aRepeatedIncomingChangesNothing() {
        let (leg, moved) = Build.leg(after: [Build.event(.incoming), Build.event(.incoming, at: 1)])
        #expect(moved == [true, false])
        #expect(leg.state == .incoming)
        #expect(leg.updatedAt == Build.t0)
    }

    @Test func aRepeatedAcceptedKeepsTheFirstAnswerTime() {
        let (leg, moved) = Build.leg(after: [Build.event(.incoming), Build.event(.accepted, at: 2), Build.event(.accepted, at: 5)])
        #expect(moved == [true, true, false])
        #expect(leg.answeredAt == Build.t0.addingTimeInterval(2))
    }

    @Test func acceptedBeforeIncomingOpensTheLegInCallAndTheLateIncomingIsIgnored() {
        let (leg, moved) = Build.leg(after: [Build.event(.accepted), Build.event(.incoming, at: 0.2)])
        #expect(moved == [true, false])
        #expect(leg.state == .accepted)
        #expect(leg.phase == .inCall)
        #expect(leg.answeredAt == Build.t0)
    }

    @Test(arguments: [CallEventType.incoming, .accepted, .outgoing])
    func aLateEventAfterCompletedDoesNotReopen(late: CallEventType) {
        let (leg, moved) = Build.leg(after: [Build.event(.incoming), Build.event(.completed, at: 10), Build.event(late, at: 11)])
        #expect(moved.last == false)
        #expect(leg.state == .completed)
        #expect(!leg.isOpen)
    }

    @Test func cancelledAfterCompletedIsIgnored() {
        let (leg, moved) = Build.leg(after: [Build.event(.incoming), Build.event(.accepted), Build.event(.completed), Build.event(.cancelled)])
        #expect(moved == [true, true, true, false])
        #expect(leg.state == .completed)
    }

    @Test func completedAfterCancelledIsIgnored() {
        let (leg, _) = Build.leg(after: [Build.event(.incoming), Build.event(.cancelled), Build.event(.completed)])
        #expect(leg.state == .cancelled)
    }

    @Test func aLegFirstSeenClosedStaysClosed() {
        let (leg, moved) = Build.leg(after: [Build.event(.cancelled), Build.event(.incoming), Build.event(.accepted)])
        #expect(moved == [true, false, false])
        #expect(!leg.isOpen)
    }

    @Test func transferredClosesTheLeg() {
        let (leg, _) = Build.leg(after: [Build.event(.incoming), Build.event(.accepted), Build.event(.transferred)])
        #expect(leg.state == .transferred)
        #expect(!leg.isOpen)
    }

    @Test func anOutgoingCallRingsAndIsOutgoing() {
        let leg = CallLeg(first: Build.event(.outgoing))
        #expect(leg.phase == .ringing)
        #expect(leg.direction == .outgoing)
        #expect(CallLeg(first: Build.event(.incoming)).direction == .incoming)
    }

    @Test func laterEventsFillInWhatTheFirstDidNotKnow() {
        let (leg, _) = Build.leg(after: [
            Build.event(.incoming), Build.event(.accepted, manager: "ivanov", contact: 7, diversion: "74951234567", group: "Продажи"),
        ])
        #expect(leg.manager == "ivanov")
        #expect(leg.contact == 7)
        #expect(leg.diversion == "74951234567")
        #expect(leg.groupRealName == "Продажи")
    }

    @Test func historyClosesAnOpenLegByItsOutcome() throws {
        let ringing = CallLeg(first: Build.event(.incoming))
        let inCall = try #require(ringing.applying(Build.event(.accepted, at: 1)))
        let answered = try #require(inCall.closing(by: .success, at: Build.t0.addingTimeInterval(90)))
        #expect(answered.state == .completed)
        #expect(answered.updatedAt == Build.t0.addingTimeInterval(90))
        #expect(try #require(ringing.closing(by: .missed, at: Build.t0)).state == .cancelled)
        #expect(try #require(ringing.closing(by: .busy, at: Build.t0)).state == .cancelled)
        #expect(try #require(inCall.closing(by: nil, at: Build.t0)).state == .completed)
    }

    @Test func historyLeavesAClosedLegAlone() throws {
        let (leg, _) = Build.leg(after: [Build.event(.incoming), Build.event(.cancelled)])
        #expect(leg.closing(by: .success, at: Build.t0.addingTimeInterval(100)) == nil)
    }
}
