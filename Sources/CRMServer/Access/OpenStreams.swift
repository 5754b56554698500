import CRMCore
import Foundation
import Synchronization

/// Every open event stream, by manager and session: the one place that pings them, caps them per
/// manager, and ends them the moment their session does (logout, a password change, a role change,
/// deactivation, expiry).
///
/// A stream that ends is sent `event: end` with the reason (`StreamEnd`), then closed: the page
/// knows not to reconnect blindly. One task pings every stream each `interval`, and on the same
/// tick re-checks the sessions of streams whose expiry has passed.
final class OpenStreams: Sendable {
    typealias Sink = AsyncStream<StreamController.Item>.Continuation

    private struct Entry {
        var sink: Sink
        var manager: ManagerID
        var session: SessionKey?
        /// When to ask the store again whether the session still lives.
        var recheckAt: Date?
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var next: UInt64 = 0
        var ticking = false
    }

    let interval: Duration
    /// Streams one manager may have open; the oldest closes for a new one beyond it (0: no cap).
    let maximumPerManager: Int
    /// Whether a session still lives, and until when (nil: ended).
    let sessionExpiry: @Sendable (SessionKey) async -> Date?
    private let state = Mutex(State())

    init(interval: Duration, maximumPerManager: Int, sessionExpiry: @escaping @Sendable (SessionKey) async -> Date?) {
        self.interval = interval
        self.maximumPerManager = maximumPerManager
        self.sessionExpiry = sessionExpiry
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Adds a stream; beyond the cap, the manager's oldest streams end with `tooManyStreams`.
    func register(_ sink: Sink, manager: ManagerID, session: SessionKey?, expires: Date?) -> UInt64 {
        let (key, starts, evicted) = state.withLock { state in
            let key = state.next
            state.next += 1
            state.entries[key] = Entry(sink: sink, manager: manager, session: session, recheckAt: expires)
            var evicted: [Sink] = []
            if maximumPerManager > 0 {
                let mine = state.entries.filter { $0.value.manager == manager }.keys.sorted()
                for old in mine.prefix(max(0, mine.count - maximumPerManager)) {
                    if let entry = state.entries.removeValue(forKey: old) { evicted.append(entry.sink) }
                }
            }
            defer { state.ticking = true }
            return (key, !state.ticking, evicted)
        }
        for sink in evicted { Self.end(sink, .tooManyStreams) }
        if starts { Task { await self.tick() } }
        return key
    }

    func unregister(_ key: UInt64) {
        _ = state.withLock { $0.entries.removeValue(forKey: key) }
    }

    /// Ends the streams of `manager`, but those of the session `keeping`.
    func end(manager: ManagerID, keeping: SessionKey? = nil, _ reason: StreamEnd) {
        end(reason) { $0.manager == manager && (keeping == nil || $0.session != keeping) }
    }

    func end(session: SessionKey, _ reason: StreamEnd) {
        end(reason) { $0.session == session }
    }

    private func end(_ reason: StreamEnd, where matches: (Entry) -> Bool) {
        let sinks = state.withLock { state in
            let keys = state.entries.filter { matches($0.value) }.keys
            return keys.compactMap { state.entries.removeValue(forKey: $0)?.sink }
        }
        for sink in sinks { Self.end(sink, reason) }
    }

    private static func end(_ sink: Sink, _ reason: StreamEnd) {
        sink.yield(.end(reason))
        sink.finish()
    }

    private func tick() async {
        while true {
            try? await Task.sleep(for: interval)
            let now = Date()
            let work: (sinks: [Sink], due: [(UInt64, SessionKey)])? = state.withLock { state in
                guard !state.entries.isEmpty else {
                    state.ticking = false
                    return nil
                }
                let due = state.entries.compactMap { key, entry -> (UInt64, SessionKey)? in
                    guard let session = entry.session, let recheck = entry.recheckAt, recheck <= now else { return nil }
                    return (key, session)
                }
                return (state.entries.values.map(\.sink), due)
            }
            guard let (sinks, due) = work else { return }
            for sink in sinks { sink.yield(StreamController.Item.heartbeat) }
            for (key, session) in due { await recheck(key, session) }
        }
    }

    /// A stream whose session's expiry passed: it goes on only if the session was used since.
    private func recheck(_ key: UInt64, _ session: SessionKey) async {
        let expiry = await sessionExpiry(session)
        let ended: Sink? = state.withLock { state in
            guard let expiry, expiry > Date() else { return state.entries.removeValue(forKey: key)?.sink }
            state.entries[key]?.recheckAt = expiry
            return nil
        }
        if let ended { Self.end(ended, .signedOut) }
    }
}

/// Why the server ended a stream, as `event: end` tells the page.
enum StreamEnd: String, Sendable, Encodable {
    /// The session ended: logout, a password or role change, deactivation, expiry. The page asks
    /// `/api/me` and goes to the login page.
    case signedOut = "signed_out"
    /// The manager opened more streams than `--max-streams-per-manager`; this was the oldest. The
    /// page stops its live updates and says so.
    case tooManyStreams = "too_many_streams"
}
