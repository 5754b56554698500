import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Writes the request journal in batches, off the request path: recording an entry only appends it
/// to memory, and a background loop commits what has gathered every few milliseconds.
///
/// A batch that fails to commit (a full or read-only disk) is kept and tried again with growing
/// pauses; only after `attempts` failures is it dropped, counted through `onDrop` and logged once
/// for the whole outage. What waits in memory is bounded by `maximumPending`.
public final class JournalRecorder: Service, Sendable {
    private struct State {
        var pending: [JournalEntry] = []
        var rejections = RejectionSummaries()
        var failures = 0
        var retryAt: ContinuousClock.Instant?
        /// Entries dropped since the last successful write; the outage is logged when it starts and ends.
        var droppedInOutage = 0
    }

    private let state = Mutex(State())
    private let store: any JournalStore
    private let interval: Duration
    private let attempts: Int
    private let maximumPending: Int
    private let onDrop: @Sendable (Int) -> Void
    private let logger: Logger
    private let gate = SerialGate()

    public init(
        store: any JournalStore, interval: Duration = .milliseconds(25), attempts: Int = 6, maximumPending: Int = 50_000,
        onDrop: @escaping @Sendable (Int) -> Void = { _ in }, logger: Logger
    ) {
        self.store = store
        self.interval = interval
        self.attempts = attempts
        self.maximumPending = maximumPending
        self.onDrop = onDrop
        self.logger = logger
    }

    /// An exchange with a client that presented the right token.
    public func record(_ entry: JournalEntry) {
        append([entry])
    }

    /// A request refused before its token was accepted: summarized, and coalesced per client and minute.
    public func recordRejection(_ rejection: Rejection) {
        let entries = state.withLock { $0.rejections.add(rejection) }
        append(entries)
    }

    private func append(_ entries: [JournalEntry]) {
        guard !entries.isEmpty else { return }
        let overflow = state.withLock { state -> Int in
            state.pending.append(contentsOf: entries)
            let overflow = max(0, state.pending.count - maximumPending)
            state.pending.removeFirst(overflow)
            return overflow
        }
        if overflow > 0 { dropped(overflow, reason: "the journal could not keep up") }
    }

    /// Commits everything recorded so far; readers of the journal call it first, so they see every
    /// request that was answered before they asked.
    public func flush() async {
        await write(force: true)
    }

    private func write(force: Bool) async {
        // One write at a time: a reader's flush must also wait for a batch already being written.
        await gate.run {
            let batch = self.state.withLock { state -> [JournalEntry] in
                if !force, let retryAt = state.retryAt, ContinuousClock.now < retryAt { return [] }
                state.pending.append(contentsOf: state.rejections.due(at: Date()))
                defer { state.pending.removeAll(keepingCapacity: true) }
                return state.pending
            }
            guard !batch.isEmpty else { return }
            do {
                // Not cancellable: a shutdown arriving mid-write must not lose the batch already taken.
                let store = self.store
                try await Task { try await store.appendJournal(batch) }.value
                self.succeeded()
            } catch {
                self.failed(batch, error: error)
            }
        }
    }

    private func succeeded() {
        let recovered = state.withLock { state -> Int? in
            state.failures = 0
            state.retryAt = nil
            defer { state.droppedInOutage = 0 }
            return state.droppedInOutage > 0 ? state.droppedInOutage : nil
        }
        if let recovered { logger.notice("Journal writes work again", metadata: ["dropped": "\(recovered)"]) }
    }

    private func failed(_ batch: [JournalEntry], error: any Error) {
        let giveUp = state.withLock { state -> Bool in
            state.failures += 1
            guard state.failures < attempts else {
                state.failures = 0
                state.retryAt = nil
                return true
            }
            // 50 ms, 100 ms, … : a disk that fills up or comes back takes seconds, not milliseconds.
            state.retryAt = ContinuousClock.now + .milliseconds(25 << state.failures)
            state.pending.insert(contentsOf: batch, at: 0)
            return false
        }
        if giveUp { dropped(batch.count, reason: "\(error)") }
    }

    private func dropped(_ count: Int, reason: String) {
        onDrop(count)
        let firstOfOutage = state.withLock { state -> Bool in
            defer { state.droppedInOutage += count }
            return state.droppedInOutage == 0
        }
        if firstOfOutage {
            logger.error("Journal entries dropped; further drops are counted in /metrics", metadata: ["entries": "\(count)", "error": "\(reason)"])
        }
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: self.interval)
                await self.write(force: false)
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
