import PBXProtocol
import Synchronization

/// The `contact` hot path: canonical phone → (contact, name, responsible), held in memory.
///
/// The PBX asks "who is calling?" while the caller hears ringing and gives up after about a second,
/// so this answer must not wait for the database. The index is compact — an integer key per
/// canonical number and all names in one byte buffer — so a million contacts cost tens of
/// megabytes. The store keeps it exact: every committed contact change reaches it before the write
/// returns, and while the index first loads, changes are queued and replayed on top of it.
public final class PhoneDirectory: Sendable {
    public enum Lookup: Sendable, Equatable {
        case found(ContactMatch)
        case unknown
        /// Still loading: ask the database.
        case notReady
    }

    /// A committed change to what one phone number resolves to.
    public enum Change: Sendable, Equatable {
        case set(PhoneNumber, ContactMatch)
        case remove(PhoneNumber)
    }

    fileprivate struct Slot {
        var contactID: Int64
        var nameOffset: UInt32
        var nameLength: UInt32
        /// Index into `responsibleIDs`; 0 means none.
        var responsible: UInt32
    }

    fileprivate struct Storage: ~Copyable {
        var byNumber: [UInt64: Slot] = [:]
        var byText: [String: Slot] = [:]
        var names: [UInt8] = []
        var garbageBytes = 0
        var responsibleIDs: [ManagerID] = [""]
        var responsibleIndex: [ManagerID: UInt32] = [:]
        var isReady = false
        /// Changes committed while a load is running, replayed when it ends.
        var pending: [Change]? = nil

        mutating func responsibleSlot(_ id: ManagerID?) -> UInt32 {
            guard let id else { return 0 }
            if let index = responsibleIndex[id] { return index }
            let index = UInt32(responsibleIDs.count)
            responsibleIDs.append(id)
            responsibleIndex[id] = index
            return index
        }

        mutating func appendName(_ name: String) -> (UInt32, UInt32) {
            let offset = UInt32(names.count)
            names.append(contentsOf: name.utf8)
            return (offset, UInt32(names.count) - offset)
        }

        func match(_ slot: Slot) -> ContactMatch {
            let start = Int(slot.nameOffset)
            let name = String(decoding: names[start..<start + Int(slot.nameLength)], as: UTF8.self)
            return ContactMatch(contactID: slot.contactID, name: name, responsible: slot.responsible == 0 ? nil : responsibleIDs[Int(slot.responsible)])
        }

        func slot(for phone: PhoneNumber) -> Slot? {
            if let key = phone.numericKey { return byNumber[key] }
            return byText[phone.value]
        }

        mutating func store(_ slot: Slot?, for phone: PhoneNumber) {
            if let old = self.slot(for: phone) { garbageBytes += Int(old.nameLength) }
            if let key = phone.numericKey { byNumber[key] = slot } else { byText[phone.value] = slot }
        }

        mutating func apply(_ change: Change) {
            switch change {
            case .set(let phone, let match):
                let (offset, length) = appendName(match.name)
                store(Slot(contactID: match.contactID, nameOffset: offset, nameLength: length, responsible: responsibleSlot(match.responsible)), for: phone)
            case .remove(let phone):
                store(nil, for: phone)
            }
        }

        /// Renames leave their old bytes behind; once they outweigh the live ones, rewrite the buffer.
        mutating func compactIfWasteful() {
            guard garbageBytes > 1 << 20, garbageBytes > names.count / 2 else { return }
            var compacted: [UInt8] = []
            compacted.reserveCapacity(names.count - garbageBytes)
            var moved: [UInt32: UInt32] = [:]
            func relocate(_ slot: inout Slot) {
                // An empty name shares its offset with the name appended after it: it owns no bytes to move.
                guard slot.nameLength > 0 else {
                    slot.nameOffset = 0
                    return
                }
                if let offset = moved[slot.nameOffset] {
                    slot.nameOffset = offset
                    return
                }
                let start = Int(slot.nameOffset)
                let newOffset = UInt32(compacted.count)
                compacted.append(contentsOf: names[start..<start + Int(slot.nameLength)])
                moved[slot.nameOffset] = newOffset
                slot.nameOffset = newOffset
            }
            for key in Array(byNumber.keys) { relocate(&byNumber[key]!) }
            for key in Array(byText.keys) { relocate(&byText[key]!) }
            names = compacted
            garbageBytes = 0
        }
    }

    private let storage = Mutex(Storage())

    public init() {}

    public func lookup(_ phone: PhoneNumber) -> Lookup {
        storage.withLock { storage in
            guard storage.isReady else { return .notReady }
            return storage.slot(for: phone).map { .found(storage.match($0)) } ?? .unknown
        }
    }

    public var isReady: Bool { storage.withLock { $0.isReady } }

    /// Applies committed changes, in commit order.
    public func apply(_ changes: [Change]) {
        guard !changes.isEmpty else { return }
        storage.withLock { storage in
            storage.pending?.append(contentsOf: changes)
            for change in changes { storage.apply(change) }
            storage.compactIfWasteful()
        }
    }

    /// Call before reading the snapshot a load starts from, so no change committed after it is lost.
    public func beginLoading() {
        storage.withLock { storage in
            storage.pending = []
        }
    }

    /// Installs a freshly loaded index, then replays what was committed since `beginLoading()`.
    public func finishLoading(_ builder: consuming Builder) {
        var loaded = builder.storage
        storage.withLock { storage in
            for change in storage.pending ?? [] { loaded.apply(change) }
            loaded.isReady = true
            swap(&storage, &loaded)
        }
    }

    /// Empties the index, ready for the next load.
    public func reset() {
        storage.withLock { storage in
            storage = Storage()
        }
    }

    /// Builds an index from rows ordered by contact id; the first contact to claim a number keeps it,
    /// as the database's lookup does.
    public struct Builder: ~Copyable {
        fileprivate var storage = Storage()
        private var lastContactID: Int64 = .min
        private var lastName: (UInt32, UInt32) = (0, 0)

        public init(expectedPhones: Int = 0, expectedNameBytes: Int = 0) {
            storage.byNumber.reserveCapacity(expectedPhones)
            storage.names.reserveCapacity(expectedNameBytes)
        }

        public mutating func add(phone: PhoneNumber, contactID: Int64, name: String, responsible: ManagerID?) {
            guard storage.slot(for: phone) == nil else { return }
            if contactID != lastContactID {
                lastName = storage.appendName(name)
                lastContactID = contactID
            }
            let slot = Slot(contactID: contactID, nameOffset: lastName.0, nameLength: lastName.1, responsible: storage.responsibleSlot(responsible))
            if let key = phone.numericKey { storage.byNumber[key] = slot } else { storage.byText[phone.value] = slot }
        }
    }
}
