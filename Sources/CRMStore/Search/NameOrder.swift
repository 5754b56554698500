import Synchronization

/// Every contact's position in name order (`ORDER BY name_key, id`, see `NameKey`), held in memory,
/// so that a page of search results in name order does not need the name of every match.
///
/// A search over a million contacts may match tens of thousands (`ванов`), and many cluster in one
/// part of the alphabet (a surname): sorting them by name costs a row lookup each, walking the name
/// index costs a step per contact. With ranks, the page is the matches with the smallest ranks: a
/// pass over an array. Only those few rows are read, and sorted by SQLite itself.
///
/// Ranks come from one walk of the name index (4 bytes per contact). A contact written since is
/// *dirty*: its rank is not trusted, and a search looks its name up instead. Writes mark contacts
/// dirty inside their transaction, before they commit, so no reader can see a new name with an old
/// rank; a rolled-back write leaves a harmless extra dirty mark. Once enough contacts are dirty the
/// ranks are rebuilt in the background.
final class NameOrder: Sendable {
    static let unranked = UInt32.max

    struct Snapshot: Sendable {
        /// Indexed by contact id; `unranked` for ids that had no contact when the ranks were built.
        var ranks: [UInt32]
        var dirty: Set<Int64>

        func isClean(_ id: Int64) -> Bool {
            id >= 0 && id < ranks.count && ranks[Int(id)] != NameOrder.unranked && (dirty.isEmpty || !dirty.contains(id))
        }
    }

    private struct State {
        var ranks: [UInt32] = []
        var dirty: Set<Int64> = []
        var isReady = false
        /// Dirty marks made while a rebuild runs: they stay dirty after it.
        var dirtyDuringBuild: Set<Int64>? = nil
    }

    private let state = Mutex(State())
    /// Past this many dirty contacts, searches pay noticeably for them: time to rebuild.
    let rebuildThreshold: Int

    init(rebuildThreshold: Int = 20_000) {
        self.rebuildThreshold = rebuildThreshold
    }

    /// The ranks and the dirty contacts, or nil before the first build.
    var snapshot: Snapshot? {
        state.withLock { state in state.isReady ? Snapshot(ranks: state.ranks, dirty: state.dirty) : nil }
    }

    var isReady: Bool { state.withLock { $0.isReady } }

    /// Marks contacts whose name (or existence) a write is changing; returns whether a rebuild is due.
    @discardableResult
    func markDirty(_ ids: some Sequence<Int64>) -> Bool {
        state.withLock { state in
            for id in ids {
                state.dirty.insert(id)
                state.dirtyDuringBuild?.insert(id)
            }
            return state.isReady && state.dirtyDuringBuild == nil && state.dirty.count >= rebuildThreshold
        }
    }

    /// Call before reading the snapshot a build starts from; false when a build is already running.
    func beginBuilding() -> Bool {
        state.withLock { state in
            guard state.dirtyDuringBuild == nil else { return false }
            state.dirtyDuringBuild = []
            return true
        }
    }

    /// Installs ranks built from a snapshot taken after `beginBuilding()`.
    func finishBuilding(_ ranks: [UInt32]) {
        state.withLock { state in
            state.ranks = ranks
            state.dirty = state.dirtyDuringBuild ?? []
            state.dirtyDuringBuild = nil
            state.isReady = true
        }
    }

    /// A build failed: keep what there was.
    func abandonBuilding() {
        state.withLock { state in
            if let during = state.dirtyDuringBuild { state.dirty.formUnion(during) }
            state.dirtyDuringBuild = nil
        }
    }

    /// Forgets every rank (after an import replaced the contacts); searches sort by name until the next build.
    func reset() {
        state.withLock { state in
            state.ranks = []
            state.dirty = []
            state.isReady = false
        }
    }

    /// Ranks from ids in name order.
    struct Builder {
        private(set) var ranks: [UInt32]
        private var next: UInt32 = 0

        init(maximumID: Int64) {
            ranks = [UInt32](repeating: NameOrder.unranked, count: Int(max(maximumID, -1) + 1))
        }

        mutating func append(_ id: Int64) {
            if id >= 0, id < ranks.count {
                ranks[Int(id)] = next
            }
            next += 1
        }
    }

    /// The `count` smallest of `keys` in ascending order.
    static func smallest(_ count: Int, of keys: [UInt64]) -> [UInt64] {
        guard count < keys.count / 4 else { return Array(keys.sorted().prefix(count)) }
        guard count > 0 else { return [] }
        // A max-heap of the best `count` seen so far.
        var heap: [UInt64] = []
        heap.reserveCapacity(count)
        for key in keys {
            if heap.count < count {
                heap.append(key)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard heap[parent] < heap[child] else { break }
                    heap.swapAt(parent, child)
                    child = parent
                }
            } else if key < heap[0] {
                heap[0] = key
                var parent = 0
                while true {
                    let left = 2 * parent + 1
                    guard left < count else { break }
                    let right = left + 1
                    let larger = right < count && heap[right] > heap[left] ? right : left
                    guard heap[larger] > heap[parent] else { break }
                    heap.swapAt(parent, larger)
                    parent = larger
                }
            }
        }
        return heap.sorted()
    }
}
