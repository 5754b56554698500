import CRMCore
import Foundation
import PBXProtocol
import Testing

/// Why a closed leg ended, from its call's legs and history: no database, no server.
@Suite struct LegReasonTests {
    /// The legs of one call after `events`, in the order they arrived, each fed as the store does.
    func legs(_ events: [ReceivedEvent]) -> [CallLeg] {
        var legs: [String: CallLeg] = [:]
        var order: [String] = []
        for event in events {
            let user = event.request.user
            if let leg = legs[user] {
                legs[user] = leg.applying(event) ?? leg
            } else {
                legs[user] = CallLeg(first: event)
                order.append(user)
            }
        }
        return order.compactMap { legs[$0] }
    }

    func reasons(_ events: [ReceivedEvent], history: [String: Bool] = [:]) -> [String: LegReason] {
        LegReason.reasons(of: legs(events), answeredByHistory: history)
    }

    @Test func aRingGroupCallAnsweredByOneIsAnsweredElsewhereForTheOthers() {
        let reasons = reasons([
            Build.event(.incoming, user: "ivanov"), Build.event(.incoming, user: "petrova"), Build.event(.incoming, user: "kozlov"),
            Build.event(.accepted, user: "petrova", at: 3), Build.event(.cancelled, user: "ivanov", at: 3),
            Build.event(.cancelled, user: "kozlov", at: 3), Build.event(.completed, user: "petrova", at: 60),
        ])
        #expect(reasons == ["ivanov": .answeredElsewhere, "petrova": .completed, "kozlov": .answeredElsewhere])
    }

    @Test func aCancelledThatRacesAheadOfTheWinnersAcceptedIsCorrected() {
        let early = [
            Build.event(.incoming, user: "ivanov"), Build.event(.incoming, user: "petrova"), Build.event(.cancelled, user: "ivanov", at: 3),
        ]
        // Before the answer arrives, nobody is known to have answered: the losing leg looks missed.
        #expect(reasons(early) == ["ivanov": .missed])
        let provisional = LegReason.corrections(of: legs(early), answeredByHistory: [:])
        #expect(provisional.map(\.reason) == [.missed])

        var settled = legs(early)
        settled[0].reason = .missed
        settled[1] = settled[1].applying(Build.event(.accepted, user: "petrova", at: 3.01))!
        let corrections = LegReason.corrections(of: settled, answeredByHistory: [:])
        #expect(corrections.map(\.user) == ["ivanov"])
        #expect(corrections.map(\.reason) == [.answeredElsewhere])
        #expect(corrections.first?.state == .cancelled)
    }

    @Test func aCallNobodyAnsweredIsMissedOnEveryLeg() {
        let reasons = reasons([
            Build.event(.incoming, user: "ivanov"), Build.event(.incoming, user: "petrova"),
            Build.event(.cancelled, user: "ivanov", at: 20), Build.event(.cancelled, user: "petrova", at: 20),
        ])
        #expect(reasons == ["ivanov": .missed, "petrova": .missed])
    }

    @Test func anOutgoingCallTheOtherSideNeverAnsweredIsUnansweredNotMissed() {
        #expect(reasons([Build.event(.outgoing), Build.event(.cancelled, at: 30)]) == ["ivanov": .unanswered])
        #expect(reasons([Build.event(.outgoing), Build.event(.accepted, at: 5), Build.event(.completed, at: 65)]) == ["ivanov": .completed])
    }

    @Test func openLegsHaveNoReason() {
        let ringing = [Build.event(.incoming, user: "ivanov"), Build.event(.incoming, user: "petrova"), Build.event(.accepted, user: "petrova")]
        #expect(reasons(ringing).isEmpty)
    }

    @Test func historyIsTheAuthorityOnWhoAnswered() {
        let events = [
            Build.event(.incoming, user: "ivanov"), Build.event(.incoming, user: "petrova"),
            Build.event(.cancelled, user: "ivanov", at: 4), Build.event(.cancelled, user: "petrova", at: 4),
        ]
        // petrova's ACCEPTED and COMPLETED were lost; her history says she talked.
        #expect(reasons(events, history: ["petrova": true]) == ["ivanov": .answeredElsewhere, "petrova": .completed])
        // A history for a user with no leg (the answering phone's events never came) still tells the others.
        #expect(reasons(events, history: ["smirnova": true]) == ["ivanov": .answeredElsewhere, "petrova": .answeredElsewhere])
        // `pbx`: the PBX's own record of a group call no employee took.
        #expect(reasons(events, history: ["pbx": false]) == ["ivanov": .missed, "petrova": .missed])
    }

    @Test func aHistorySayingTheLegWasNotAnsweredOverridesItsEvents() {
        let reasons = reasons([Build.event(.incoming), Build.event(.completed, at: 5)], history: ["ivanov": false])
        #expect(reasons == ["ivanov": .missed])
    }

    @Test func aTransferredLegWasAnsweredAndTheCallContinuedElsewhere() {
        let reasons = reasons([
            Build.event(.incoming, user: "ivanov"), Build.event(.accepted, user: "ivanov", at: 3),
            Build.event(.transferred, user: "ivanov", at: 40), Build.event(.incoming, user: "petrova", at: 40),
            Build.event(.accepted, user: "petrova", at: 43), Build.event(.completed, user: "petrova", at: 100),
        ])
        #expect(reasons == ["ivanov": .completed, "petrova": .completed])
    }

    @Test func correctionsLeaveLegsWhoseReasonStandsAlone() {
        var settled = legs([Build.event(.incoming), Build.event(.accepted, at: 2), Build.event(.completed, at: 30)])
        settled[0].reason = .completed
        #expect(LegReason.corrections(of: settled, answeredByHistory: [:]).isEmpty)
        #expect(LegReason.corrections(of: settled, answeredByHistory: ["ivanov": true]).isEmpty)
    }
}
