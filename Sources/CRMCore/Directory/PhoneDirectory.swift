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

    /// One canonical number of the loaded snapshot: 24 bytes, kept sorted by `key`.
    fileprivate struct Record {
        var key: UInt64
        var contactID: Int64
        var nameOffset: UInt32
        var nameLength: UInt16
        var responsible: UInt16

        init?(key: UInt64, _ slot: Slot) {
            guard slot.nameLength <= UInt16.max, slot.responsible <= UInt16.max else { return nil }
            self.key = key
            contactID = slot.contactID
            nameOffset = slot.nameOffset
            nameLength = UInt16(slot.nameLength)
            responsible = UInt16(slot.responsible)
        }

        var slot: Slot {
            Slot(contactID: contactID, nameOffset: nameOffset, nameLength: UInt32(nameLength), responsible: UInt32(responsible))
        }
    }

    /// What a change since the snapshot did to a number.
    fileprivate enum Override {
        case set(Slot)
        case removed
    }

    /// The index: the loaded snapshot as one sorted array (binary search, no hash table's empty
    /// buckets and per-entry overhead), the changes since then in a small dictionary on top, merged
    /// into the array once they grow. Non-canonical numbers (`101`, `anonymous`) are few and keyed
    /// by their text.
    fileprivate struct Storage: ~Copyable {
        var records: [Record] = []
        var overrides: [UInt64: Override] = [:]
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
            let name = names.withUnsafeBufferPointer { String(decoding: $0[start..<start + Int(slot.nameLength)], as: UTF8.self) }
            return ContactMatch(contactID: slot.contactID, name: name, responsible: slot.responsible == 0 ? nil : responsibleIDs[Int(slot.responsible)])
        }

        /// The position of `key` in `records`, or where it would go.
        func position(of key: UInt64) -> Int {
            records.withUnsafeBufferPointer { records in
                var low = 0
                var high = records.count
                while low < high {
                    let middle = (low + high) / 2
                    if records[middle].key < key { low = middle + 1 } else { high = middle }
                }
                return low
            }
        }

        func slot(for phone: PhoneNumber) -> Slot? {
            guard let key = phone.numericKey else { return byText[phone.value] }
            switch overrides[key] {
            case .set(let slot): return slot
            case .removed: return nil
            case nil:
                let index = position(of: key)
                return index < records.count && records[index].key == key ? records[index].slot : nil
            }
        }

        mutating func store(_ slot: Slot?, for phone: PhoneNumber) {
            if let old = self.slot(for: phone) { garbageBytes += Int(old.nameLength) }
            if let key = phone.numericKey { overrides[key] = slot.map(Override.set) ?? .removed } else { byText[phone.value] = slot }
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

        /// Once the changes since the snapshot are many, fold them into the sorted array.
        mutating func mergeIfLarge() {
            guard overrides.count > max(1 << 16, records.count / 8) else { return }
            var merged: [Record] = []
            merged.reserveCapacity(records.count + overrides.count)
            var kept: [UInt64: Override] = [:]
            let changes = overrides.sorted { $0.key < $1.key }
            var next = 0
            func emit(_ change: (key: UInt64, value: Override)) {
                guard case .set(let slot) = change.value else { return }
                if let record = Record(key: change.key, slot) { merged.append(record) } else { kept[change.key] = .set(slot) }
            }
            for record in records {
                while next < changes.count, changes[next].key < record.key {
                    emit(changes[next])
                    next += 1
                }
                if next < changes.count, changes[next].key == record.key {
                    emit(changes[next])
                    next += 1
                } else {
                    merged.append(record)
                }
            }
            while next < changes.count {
                emit(changes[next])
                next += 1
            }
            records = merged
            overrides = kept
        }

        /// Renames leave their old bytes behind; once they outweigh the live ones, rewrite the buffer.
        mutating func compactIfWasteful() {
            guard garbageBytes > 1 << 20, garbageBytes > names.count / 2 else { return }
            var compacted: [UInt8] = []
            compacted.reserveCapacity(names.count - garbageBytes)
            var moved: [UInt32: UInt32] = [:]
            func relocate(_ offset: UInt32, _ length: Int) -> UInt32 {
                // An empty name shares its offset with the name appended after it: it owns no bytes to move.
                guard length > 0 else { return 0 }
                if let moved = moved[offset] { return moved }
                let start = Int(offset)
                let newOffset = UInt32(compacted.count)
                compacted.append(contentsOf: names[start..<start + length])
                moved[offset] = newOffset
                return newOffset
            }
            for index in records.indices {
                records[index].nameOffset = relocate(records[index].nameOffset, Int(records[index].nameLength))
            }
            for key in Array(overrides.keys) {
                if case .set(var slot) = overrides[key]! {
                    slot.nameOffset = relocate(slot.nameOffset, Int(slot.nameLength))
                    overrides[key] = .set(slot)
                }
            }
            for key in Array(byText.keys) { byText[key]!.nameOffset = relocate(byText[key]!.nameOffset, Int(byText[key]!.nameLength)) }
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
            storage.mergeIfLarge()
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
        var loaded = builder.finish()
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
        private var records: [Record] = []
        /// Numbers whose slot does not fit a record (a name over 64 KB): kept as overrides.
        private var oversized: [(key: UInt64, slot: Slot)] = []
        private var lastContactID: Int64 = .min
        private var lastName: (UInt32, UInt32) = (0, 0)

        public init(expectedPhones: Int = 0, expectedNameBytes: Int = 0) {
            records.reserveCapacity(expectedPhones)
            storage.names.reserveCapacity(expectedNameBytes)
        }

        public mutating func add(phone: PhoneNumber, contactID: Int64, name: String, responsible: ManagerID?) {
            if contactID != lastContactID {
                lastName = storage.appendName(name)
                lastContactID = contactID
            }
            let slot = Slot(contactID: contactID, nameOffset: lastName.0, nameLength: lastName.1, responsible: storage.responsibleSlot(responsible))
            guard let key = phone.numericKey else {
                if storage.byText[phone.value] == nil { storage.byText[phone.value] = slot }
                return
            }
            if let record = Record(key: key, slot) { records.append(record) } else { oversized.append((key, slot)) }
        }

        /// Sorts the records, keeping the first claim of each number.
        fileprivate consuming func finish() -> Storage {
            var storage = self.storage
            var records = self.records
            // Rows arrive by contact id: among equal numbers, the smallest id claimed it first.
            records.sort { ($0.key, $0.contactID) < ($1.key, $1.contactID) }
            var unique = 0
            for index in records.indices where index == 0 || records[index].key != records[unique - 1].key {
                records[unique] = records[index]
                unique += 1
            }
            records.removeLast(records.count - unique)
            storage.records = records
            for (key, slot) in oversized {
                let index = storage.position(of: key)
                let claimed = index < records.count && records[index].key == key ? records[index].contactID : nil
                if storage.overrides[key] == nil, claimed.map({ slot.contactID < $0 }) ?? true { storage.overrides[key] = .set(slot) }
            }
            return storage
        }
    }

    /// How the index holds its numbers, for tests: sorted records, changes on top, text-keyed numbers.
    public var layout: (records: Int, overrides: Int, textKeys: Int, nameBytes: Int) {
        storage.withLock { ($0.records.count, $0.overrides.count, $0.byText.count, $0.names.count) }
    }

    /// Bytes one sorted record takes.
    public static var recordSize: Int { MemoryLayout<Record>.stride }
}
