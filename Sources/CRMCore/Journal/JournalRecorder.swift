import Logging
import ServiceLifecycle
import Synchronization

/// Writes the request journal in batches, off the request path: recording an entry only appends it
/// to memory, and a background loop commits what has gathered every few milliseconds.
public final class JournalRecorder: Service, Sendable {
    private let pending = Mutex<[JournalEntry]>([])
    private let store: any JournalStore
    private let interval: Duration
    private let logger: Logger
    private let gate = SerialGate()

    public init(store: any JournalStore, interval: Duration = .milliseconds(25), logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func record(_ entry: JournalEntry) {
        pending.withLock { $0.append(entry) }
    }

    /// Commits everything recorded so far; readers of the journal call it first, so they see every
    /// request that was answered before they asked.
    public func flush() async {
        // One flush at a time: a reader's flush must also wait for a batch already being written.
        await gate.run {
            let batch = self.pending.withLock { pending in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            guard !batch.isEmpty else { return }
            do {
                // Not cancellable: a shutdown arriving mid-write must not lose the batch already taken.
                let store = self.store
                try await Task { try await store.appendJournal(batch) }.value
            } catch {
                self.logger.error("Journal write failed", metadata: ["entries": "\(batch.count)", "error": "\(error)"])
            }
        }
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: self.interval)
                await self.flush()
            }
        }
        // Outside the cancelled loop: what arrived before shutdown is still written.
        await flush()
    }
}

/// Runs async work one piece at a time, in arrival order (an actor alone would interleave at awaits).
actor SerialGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run(_ work: @Sendable () async -> Void) async {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        }
        busy = true
        await work()
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
