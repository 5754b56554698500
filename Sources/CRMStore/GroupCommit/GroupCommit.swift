import GRDB
import Synchronization

/// Group commit: concurrent writes share one transaction, and each caller is answered only once
/// the transaction holding its write has committed.
///
/// SQLite commits one transaction at a time, and each commit costs far more than the handful of
/// statements of a PBX `history` or `event`: the WAL frames of every page the statements touched,
/// the locks, the writer's round trip. While one batch commits, the writes that arrive queue up;
/// the next transaction takes all of them (up to `maximumBatch`), in arrival order. Under load a
/// commit is shared by tens of requests; alone, a write commits as soon as the writer is free.
///
/// A write that throws must not take its neighbours down with it: the batch is rolled back and
/// every write of it is run again in a transaction of its own, so each caller gets exactly the
/// outcome it would have had alone. Writes must therefore touch nothing but the database (hooks
/// registered with `afterNextTransaction` are fine: a rolled-back attempt never calls `onCommit`).
final class GroupCommit: Sendable {
    typealias Work = @Sendable (Database) throws -> any Sendable

    private struct Pending: Sendable {
        let work: Work
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct State {
        var queue: [Pending] = []
        var draining = false
        var batches = 0
        var writes = 0
    }

    private let writer: any DatabaseWriter
    private let state = Mutex(State())
    let maximumBatch: Int

    init(writer: any DatabaseWriter, maximumBatch: Int = 256) {
        self.writer = writer
        self.maximumBatch = maximumBatch
    }

    /// Runs `work` inside a shared write transaction; returns once that transaction has committed.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            let startsDrain = state.withLock { state in
                state.queue.append(Pending(work: { db in try work(db) }, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startsDrain { scheduleBatch() }
        }
        // The value is the one `work` returned.
        return value as! T
    }

    /// How many transactions carried how many writes so far: for tests and diagnostics.
    var statistics: (batches: Int, writes: Int) {
        state.withLock { ($0.batches, $0.writes) }
    }

    /// Commits what is queued, one batch per turn on the writer's queue, so the other writes
    /// (contacts, the journal) take their turns in between; stops when nothing is left.
    private func scheduleBatch() {
        writer.asyncWriteWithoutTransaction { db in
            let batch = self.takeBatch()
            if !batch.isEmpty { self.commit(batch, db) }
            if self.continuesDraining() { self.scheduleBatch() }
        }
    }

    private func takeBatch() -> [Pending] {
        state.withLock { state in
            let count = min(state.queue.count, maximumBatch)
            let batch = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            state.batches += count > 0 ? 1 : 0
            state.writes += count
            return batch
        }
    }

    private func continuesDraining() -> Bool {
        state.withLock { state in
            if state.queue.isEmpty { state.draining = false }
            return state.draining
        }
    }

    private func commit(_ batch: [Pending], _ db: Database) {
        var results: [any Sendable] = []
        results.reserveCapacity(batch.count)
        do {
            try db.inTransaction(.immediate) {
                for pending in batch { results.append(try pending.work(db)) }
                return .commit
            }
        } catch {
            // Someone's write failed (or the commit did): nothing of the batch is stored. Each write
            // runs again alone, so only the ones that fail on their own report a failure.
            for pending in batch {
                do {
                    var value: (any Sendable)?
                    try db.inTransaction(.immediate) {
                        value = try pending.work(db)
                        return .commit
                    }
                    pending.continuation.resume(returning: value!)
                } catch {
                    pending.continuation.resume(throwing: error)
                }
            }
            return
        }
        // Committed: now, and only now, every caller of the batch hears back.
        for (pending, value) in zip(batch, results) { pending.continuation.resume(returning: value) }
    }
}
