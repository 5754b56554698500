import NIOCore
import Synchronization

/// Every open connection, and since when each has been waiting for a request.
///
/// When the connections near their limit, a new one closes the connection idle the longest: a
/// flood of idle or slow sockets then recycles itself, and the PBX's `contact` still gets in.
/// Connections busy with a request, or holding an event stream, are never closed for room.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        /// Nil while a request is being read or answered.
        var idleSince: NIODeadline?
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])
    /// Past this many connections, opening one closes the longest-idle one.
    let evictionThreshold: Int

    init(maximumConnections: Int) {
        evictionThreshold = max(1, maximumConnections - max(1, maximumConnections / 16))
    }

    var count: Int { entries.withLock { $0.count } }

    func opened(_ key: ObjectIdentifier, _ channel: any Channel) {
        let evicted = entries.withLock { entries -> (any Channel)? in
            entries[key] = Entry(channel: channel, idleSince: .now())
            guard entries.count > evictionThreshold else { return nil }
            let oldest = entries.lazy.filter { $0.key != key && $0.value.idleSince != nil }
                .min { $0.value.idleSince! < $1.value.idleSince! }
            return oldest.map { entries.removeValue(forKey: $0.key)!.channel }
        }
        evicted?.close(promise: nil)
    }

    func busy(_ key: ObjectIdentifier) {
        entries.withLock { $0[key]?.idleSince = nil }
    }

    func idle(_ key: ObjectIdentifier) {
        entries.withLock { $0[key]?.idleSince = .now() }
    }

    func closed(_ key: ObjectIdentifier) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}
