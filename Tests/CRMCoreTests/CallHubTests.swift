import CRMCore
import Foundation
import PBXProtocol
import Testing

@Suite struct CallHubTests {
    private func update(_ callid: String, user: String = "ivanov") -> LiveMessage.Payload {
        .call(CallLegUpdate(leg: CallLeg(first: Build.event(.incoming, user: user, callid: callid)), contact: nil))
    }

    private func callids(_ messages: [LiveMessage]) -> [String] {
        messages.map { message in
            switch message.payload {
            case .call(let update): update.leg.callid
            case .history(let call): call.callid
            }
        }
    }

    private func listen(_ hub: CallHub, _ audience: CallHub.Audience, lastEventID: UInt64?) -> (CallHub.Listener, Received) {
        let received = Received()
        return (hub.listen(audience, lastEventID: lastEventID) { received.append($0) }, received)
    }

    @Test func idsIncrease() {
        let hub = CallHub()
        let a = hub.publish(update("A"), for: "ivanov")
        let b = hub.publish(update("B"), for: nil)
        #expect(b.id == a.id + 1)
    }

    @Test func aManagerReceivesOnlyTheirOwnCalls() async {
        let hub = CallHub()
        let (_, ivanovReceived) = listen(hub, .manager("ivanov"), lastEventID: nil)
        hub.publish(update("A"), for: "petrova")
        hub.publish(update("B"), for: "ivanov")
        hub.publish(update("C"), for: nil)
        hub.publish(update("D"), for: "ivanov")
        #expect(callids(ivanovReceived.all) == ["B", "D"])
    }

    @Test func everyoneReceivesEverything() async {
        let hub = CallHub()
        let (_, allReceived) = listen(hub, .everyone, lastEventID: nil)
        hub.publish(update("A"), for: "petrova")
        hub.publish(update("B"), for: nil)
        hub.publish(update("C"), for: "ivanov")
        #expect(callids(allReceived.all) == ["A", "B", "C"])
    }

    @Test func aFreshSubscriptionReplaysNothing() {
        let hub = CallHub()
        let last = hub.publish(update("A"), for: "ivanov")
        let (subscription, _) = listen(hub, .manager("ivanov"), lastEventID: nil)
        #expect(subscription.replay.isEmpty)
        #expect(subscription.isFresh)
        #expect(subscription.currentID == last.id)
    }

    @Test func reconnectingWithLastEventIDReplaysWhatWasMissedForThatAudience() async {
        let hub = CallHub()
        let seen = hub.publish(update("A"), for: "ivanov")
        hub.publish(update("B"), for: "petrova")
        hub.publish(update("C"), for: "ivanov")
        hub.publish(update("D"), for: "ivanov")
        let (subscription, subscriptionReceived) = listen(hub, .manager("ivanov"), lastEventID: seen.id)
        #expect(!subscription.isFresh)
        #expect(callids(subscription.replay) == ["C", "D"])
        // Nothing replayed arrives again live, and what comes next does.
        hub.publish(update("E"), for: "ivanov")
        #expect(callids(subscriptionReceived.all) == ["E"])
    }

    @Test func reconnectingUpToDateReplaysNothingAndIsNotFresh() {
        let hub = CallHub()
        let last = hub.publish(update("A"), for: "ivanov")
        let (subscription, _) = listen(hub, .everyone, lastEventID: last.id)
        #expect(!subscription.isFresh)
        #expect(subscription.replay.isEmpty)
    }

    @Test func anUnknownFutureIDIsAFreshStart() {
        let hub = CallHub()
        let last = hub.publish(update("A"), for: "ivanov")
        let (subscription, _) = listen(hub, .everyone, lastEventID: last.id + 1000)
        #expect(subscription.isFresh)
        #expect(subscription.replay.isEmpty)
    }

    @Test func anIDFromBeforeARestartIsAFreshStart() async throws {
        let before = CallHub()
        let old = before.publish(update("A"), for: "ivanov")
        // Ids start from the clock in milliseconds; a restart takes longer than this.
        try await Task.sleep(for: .milliseconds(3))
        let after = CallHub()
        after.publish(update("B"), for: "ivanov")
        let (subscription, _) = listen(after, .everyone, lastEventID: old.id)
        #expect(subscription.isFresh)
        #expect(subscription.replay.isEmpty)
    }

    @Test func anIDOlderThanTheReplayWindowIsAFreshStart() {
        let hub = CallHub(replayCapacity: 3)
        let first = hub.publish(update("A"), for: "ivanov")
        let second = hub.publish(update("B"), for: "ivanov")
        for callid in ["C", "D", "E"] { hub.publish(update(callid), for: "ivanov") }
        let (tooOld, _) = listen(hub, .everyone, lastEventID: first.id)
        #expect(tooOld.isFresh)
        #expect(tooOld.replay.isEmpty)
        // B is gone too, but everything after it is still there: that is a complete replay.
        let (justInTime, _) = listen(hub, .everyone, lastEventID: second.id)
        #expect(!justInTime.isFresh)
        #expect(callids(justInTime.replay) == ["C", "D", "E"])
    }

    @Test func theReplayWindowKeepsTheNewestInOrderAfterWrapping() {
        let hub = CallHub(replayCapacity: 4)
        var ids: [UInt64] = []
        for index in 0..<11 { ids.append(hub.publish(update("X\(index)"), for: "ivanov").id) }
        let (subscription, _) = listen(hub, .everyone, lastEventID: ids[7])
        #expect(callids(subscription.replay) == ["X8", "X9", "X10"])
    }

    @Test func cancellingFreesTheSubscriberAndTheOthersKeepReceiving() {
        let hub = CallHub()
        let (leaving, leavingReceived) = listen(hub, .everyone, lastEventID: nil)
        let (_, stayingReceived) = listen(hub, .everyone, lastEventID: nil)
        #expect(hub.subscriberCount == 2)
        leaving.cancel()
        hub.publish(update("A"), for: "ivanov")
        #expect(hub.subscriberCount == 1)
        #expect(leavingReceived.all.isEmpty)
        #expect(callids(stayingReceived.all) == ["A"])
    }

    @Test func aListenerGetsItsManagersMessagesInOrderUntilCancelled() {
        let hub = CallHub()
        let received = Received()
        hub.publish(update("L-0"), for: "ivanov")
        let listener = hub.listen(.manager("ivanov"), lastEventID: nil) { received.append($0) }
        #expect(listener.isFresh)
        #expect(hub.subscriberCount == 1)
        hub.publish(update("L-1"), for: "ivanov")
        hub.publish(update("L-2", user: "petrova"), for: "petrova")
        hub.publish(update("L-3"), for: "ivanov")
        #expect(callids(received.all) == ["L-1", "L-3"])
        listener.cancel()
        listener.cancel()
        #expect(hub.subscriberCount == 0)
        hub.publish(update("L-4"), for: "ivanov")
        #expect(callids(received.all) == ["L-1", "L-3"])
    }

    @Test func aListenerReconnectingGetsWhatItMissedAsReplay() {
        let hub = CallHub()
        let first = hub.publish(update("R-1"), for: "ivanov")
        hub.publish(update("R-2"), for: "ivanov")
        hub.publish(update("R-3", user: "petrova"), for: "petrova")
        let listener = hub.listen(.manager("ivanov"), lastEventID: first.id) { _ in }
        #expect(!listener.isFresh)
        #expect(callids(listener.replay) == ["R-2"])
        listener.cancel()
    }
}

/// Messages a listener received, from whichever thread delivered them.
private final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [LiveMessage] = []
    func append(_ message: LiveMessage) { lock.withLock { messages.append(message) } }
    var all: [LiveMessage] { lock.withLock { messages } }
}
