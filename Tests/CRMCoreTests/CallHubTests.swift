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

    /// The next `count` live messages of a subscription, or fewer if none arrives within a generous bound.
    private func next(_ count: Int, of subscription: CallHub.Subscription) async -> [LiveMessage] {
        await withTaskGroup(of: [LiveMessage]?.self) { group in
            group.addTask {
                var received: [LiveMessage] = []
                for await message in subscription.messages {
                    received.append(message)
                    if received.count == count { break }
                }
                return received
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(5))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? []
        }
    }

    @Test func idsIncrease() {
        let hub = CallHub()
        let a = hub.publish(update("A"), for: "ivanov")
        let b = hub.publish(update("B"), for: nil)
        #expect(b.id == a.id + 1)
    }

    @Test func aManagerReceivesOnlyTheirOwnCalls() async {
        let hub = CallHub()
        let ivanov = hub.subscribe(.manager("ivanov"), lastEventID: nil)
        hub.publish(update("A"), for: "petrova")
        hub.publish(update("B"), for: "ivanov")
        hub.publish(update("C"), for: nil)
        hub.publish(update("D"), for: "ivanov")
        #expect(callids(await next(2, of: ivanov)) == ["B", "D"])
    }

    @Test func everyoneReceivesEverything() async {
        let hub = CallHub()
        let all = hub.subscribe(.everyone, lastEventID: nil)
        hub.publish(update("A"), for: "petrova")
        hub.publish(update("B"), for: nil)
        hub.publish(update("C"), for: "ivanov")
        #expect(callids(await next(3, of: all)) == ["A", "B", "C"])
    }

    @Test func aFreshSubscriptionReplaysNothing() {
        let hub = CallHub()
        let last = hub.publish(update("A"), for: "ivanov")
        let subscription = hub.subscribe(.manager("ivanov"), lastEventID: nil)
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
        let subscription = hub.subscribe(.manager("ivanov"), lastEventID: seen.id)
        #expect(!subscription.isFresh)
        #expect(callids(subscription.replay) == ["C", "D"])
        // Nothing replayed arrives again live, and what comes next does.
        hub.publish(update("E"), for: "ivanov")
        #expect(callids(await next(1, of: subscription)) == ["E"])
    }

    @Test func reconnectingUpToDateReplaysNothingAndIsNotFresh() {
        let hub = CallHub()
        let last = hub.publish(update("A"), for: "ivanov")
        let subscription = hub.subscribe(.everyone, lastEventID: last.id)
        #expect(!subscription.isFresh)
        #expect(subscription.replay.isEmpty)
    }

    @Test func anUnknownFutureIDIsAFreshStart() {
        let hub = CallHub()
        let last = hub.publish(update("A"), for: "ivanov")
        let subscription = hub.subscribe(.everyone, lastEventID: last.id + 1000)
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
        let subscription = after.subscribe(.everyone, lastEventID: old.id)
        #expect(subscription.isFresh)
        #expect(subscription.replay.isEmpty)
    }

    @Test func anIDOlderThanTheReplayWindowIsAFreshStart() {
        let hub = CallHub(replayCapacity: 3)
        let first = hub.publish(update("A"), for: "ivanov")
        let second = hub.publish(update("B"), for: "ivanov")
        for callid in ["C", "D", "E"] { hub.publish(update(callid), for: "ivanov") }
        let tooOld = hub.subscribe(.everyone, lastEventID: first.id)
        #expect(tooOld.isFresh)
        #expect(tooOld.replay.isEmpty)
        // B is gone too, but everything after it is still there: that is a complete replay.
        let justInTime = hub.subscribe(.everyone, lastEventID: second.id)
        #expect(!justInTime.isFresh)
        #expect(callids(justInTime.replay) == ["C", "D", "E"])
    }

    @Test func theReplayWindowKeepsTheNewestInOrderAfterWrapping() {
        let hub = CallHub(replayCapacity: 4)
        var ids: [UInt64] = []
        for index in 0..<11 { ids.append(hub.publish(update("X\(index)"), for: "ivanov").id) }
        let subscription = hub.subscribe(.everyone, lastEventID: ids[7])
        #expect(callids(subscription.replay) == ["X8", "X9", "X10"])
    }

    @Test func endingAStreamFreesItsSubscriber() async {
        let hub = CallHub()
        let subscription = hub.subscribe(.manager("ivanov"), lastEventID: nil)
        #expect(hub.subscriberCount == 1)
        let reader = Task {
            for await _ in subscription.messages {}
        }
        reader.cancel()
        await reader.value
        #expect(hub.subscriberCount == 0)
        // Publishing afterwards reaches nobody and does not fail.
        hub.publish(update("A"), for: "ivanov")
    }

    @Test func droppingASubscriptionUnreadFreesItsSubscriber() {
        let hub = CallHub()
        do {
            let subscription = hub.subscribe(.everyone, lastEventID: nil)
            #expect(hub.subscriberCount == 1)
            _ = subscription
        }
        #expect(hub.subscriberCount == 0)
    }

    @Test func otherStreamsKeepReceivingWhenOneEnds() async {
        let hub = CallHub()
        let leaving = hub.subscribe(.everyone, lastEventID: nil)
        let staying = hub.subscribe(.everyone, lastEventID: nil)
        let reader = Task { for await _ in leaving.messages {} }
        reader.cancel()
        await reader.value
        hub.publish(update("A"), for: "ivanov")
        #expect(hub.subscriberCount == 1)
        #expect(callids(await next(1, of: staying)) == ["A"])
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
