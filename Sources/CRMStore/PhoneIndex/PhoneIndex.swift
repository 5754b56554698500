import CRMCore
import PBXProtocol
import Synchronization

/// The `contact` hot path: canonical phone → (contact, name, responsible), held in memory.
///
/// The PBX asks "who is calling?" while the caller hears ringing and gives up after about a second,
/// so this answer must not wait for the database. The index is compact — an integer key per
/// canonical number and all names in one byte buffer — so a million contacts cost tens of
/// megabytes. The store keeps it exact: every committed contact change reaches it before the write
/// returns, and while the index first loads, changes are queued and replayed on top of it.
final class PhoneIndex: Sendable {
    enum Lookup: Sendable, Equatable {
        case found(ContactMatch)
        case unknown
        /// Still loading: ask the database.
        case notReady
    }

    /// A committed change to what one phone number resolves to.
    enum Change: Sendable, Equatable {
        case set(PhoneNumber, ContactMatch)
        case remove(PhoneNumber)
    }

    private let storage = Mutex(Storage())

    init() {}

    func lookup(_ phone: PhoneNumber) -> Lookup {
        storage.withLock { storage in
            guard storage.isReady else { return .notReady }
            return storage.slot(for: phone).map { .found(storage.match($0)) } ?? .unknown
        }
    }

    var isReady: Bool { storage.withLock { $0.isReady } }

    /// Applies committed changes, in commit order.
    func apply(_ changes: [Change]) {
        guard !changes.isEmpty else { return }
        storage.withLock { storage in
            storage.pending?.append(contentsOf: changes)
            for change in changes { storage.apply(change) }
            storage.mergeIfLarge()
            storage.compactIfWasteful()
        }
    }

    /// Call before reading the snapshot a load starts from, so no change committed after it is lost.
    func beginLoading() {
        storage.withLock { storage in
            storage.pending = []
        }
    }

    /// Installs a freshly loaded index, then replays what was committed since `beginLoading()`.
    func finishLoading(_ builder: consuming Builder) {
        var loaded = builder.finish()
        storage.withLock { storage in
            for change in storage.pending ?? [] { loaded.apply(change) }
            loaded.isReady = true
            swap(&storage, &loaded)
        }
    }

    /// Empties the index, ready for the next load.
    func reset() {
        storage.withLock { storage in
            storage = Storage()
        }
    }

    /// How the index holds its numbers, for tests: sorted records, changes on top, text-keyed numbers.
    var layout: (records: Int, overrides: Int, textKeys: Int, nameBytes: Int) {
        storage.withLock { ($0.records.count, $0.overrides.count, $0.byText.count, $0.names.count) }
    }

    /// Bytes one sorted record takes.
    static var recordSize: Int { MemoryLayout<Record>.stride }
}
