import Foundation
import Synchronization

/// Fans committed call changes out to the open streams of the managers they concern.
///
/// Keeps the most recent messages so a client that reconnects with `Last-Event-ID` gets what it
/// missed. Subscribing and publishing take the same lock, so between the replay and the live
/// stream nothing is lost and nothing is sent twice.
public final class CallHub: Sendable {
    /// Whose messages a stream receives.
    public enum Audience: Sendable, Equatable {
        case manager(ManagerID)
        case everyone

        public func includes(_ message: LiveMessage) -> Bool {
            switch self {
            case .everyone: true
            case .manager(let id): message.manager == id
            }
        }
    }

    /// A subscription that hands every message straight to a callback: no stream of its own, so a
    /// thousand open tabs cost a thousand closures, not a thousand buffers and tasks.
    public struct Listener: Sendable {
        public var replay: [LiveMessage]
        public var isFresh: Bool
        public var currentID: UInt64
        /// Stops the deliveries; safe to call more than once.
        public var cancel: @Sendable () -> Void
    }

    private struct Subscriber {
        var audience: Audience
        var deliver: @Sendable (LiveMessage) -> Void
    }

    private struct State {
        var nextID: UInt64
        var recent: [LiveMessage] = []
        var recentStart = 0
        var subscribers: [UInt64: Subscriber] = [:]
        var nextSubscriber: UInt64 = 0
    }

    private let state: Mutex<State>
    private let capacity: Int

    /// Ids start from the clock, so an id from before a restart is recognised as stale, not replayed;
    /// a hub fed with the ids of a shared database (`publish(_:for:id:)`) starts from `firstID`.
    public init(replayCapacity: Int = 2048, firstID: UInt64? = nil) {
        capacity = replayCapacity
        state = Mutex(State(nextID: firstID ?? UInt64(Date().timeIntervalSince1970 * 1000) * 1000))
    }

    @discardableResult
    public func publish(_ payload: LiveMessage.Payload, for manager: ManagerID?) -> LiveMessage {
        state.withLock { state in
            let message = LiveMessage(id: state.nextID, manager: manager, payload: payload)
            deliver(message, &state)
            return message
        }
    }

    /// Publishes a message whose id another instance may share: the id a shared database gave it.
    /// Ids must increase; one already passed is ignored.
    public func publish(_ payload: LiveMessage.Payload, for manager: ManagerID?, id: UInt64) {
        state.withLock { state in
            guard id >= state.nextID else { return }
            state.nextID = id
            deliver(LiveMessage(id: id, manager: manager, payload: payload), &state)
        }
    }

    private func deliver(_ message: LiveMessage, _ state: inout State) {
        state.nextID = message.id + 1
        if state.recent.count < capacity {
            state.recent.append(message)
        } else {
            state.recent[state.recentStart] = message
            state.recentStart = (state.recentStart + 1) % capacity
        }
        for subscriber in state.subscribers.values where subscriber.audience.includes(message) {
            subscriber.deliver(message)
        }
    }

    /// Each message for `audience` goes to `deliver`, called under the hub's lock (keep it short: a
    /// `yield`), in publishing order; what the client missed since `lastEventID` is in `replay`.
    public func listen(_ audience: Audience, lastEventID: UInt64?, deliver: @escaping @Sendable (LiveMessage) -> Void) -> Listener {
        let (key, replay, isFresh, currentID) = state.withLock { state in
            let currentID = state.nextID - 1
            var replay: [LiveMessage] = []
            var isFresh = true
            // The oldest message kept is at `recentStart` (the ring's next slot to overwrite).
            let oldest = state.recent.isEmpty ? nil : state.recent[state.recentStart].id
            if let lastEventID, lastEventID <= currentID, let oldest, lastEventID + 1 >= oldest {
                let ordered = state.recent[state.recentStart...] + state.recent[..<state.recentStart]
                replay = ordered.filter { $0.id > lastEventID && audience.includes($0) }
                isFresh = false
            } else if let lastEventID, lastEventID == currentID {
                isFresh = false  // nothing happened since; nothing published yet at all
            }
            let key = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[key] = Subscriber(audience: audience, deliver: deliver)
            return (key, replay, isFresh, currentID)
        }
        return Listener(replay: replay, isFresh: isFresh, currentID: currentID, cancel: { [weak self] in self?.unsubscribe(key) })
    }

    public var subscriberCount: Int {
        state.withLock { $0.subscribers.count }
    }

    private func unsubscribe(_ key: UInt64) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: key) }
    }
}
