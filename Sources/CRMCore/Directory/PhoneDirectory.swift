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
        /// Where the contact's entry starts in `names`: its id (a varint), then its name.
        var nameOffset: UInt32
        /// Bytes of the whole entry in `names`.
        var nameLength: UInt32
        /// Index into `responsibleIDs`; 0 means none.
        var responsible: UInt32
        /// The name is in `CompactName`'s one-byte code rather than UTF-8.
        var compact = false
    }

    /// One canonical number of the loaded snapshot: 16 bytes, kept sorted by `key`. The contact id
    /// is not here but at the head of the contact's entry in `names`, once per contact rather than
    /// once per number.
    fileprivate struct Record {
        var key: UInt64
        var nameOffset: UInt32
        /// The entry's byte count, with the top bit set when the name is in the compact code.
        var nameField: UInt16
        var responsible: UInt16

        static let compactFlag: UInt16 = 0x8000

        init?(key: UInt64, _ slot: Slot) {
            guard slot.nameLength < UInt32(Self.compactFlag), slot.responsible <= UInt16.max else { return nil }
            self.key = key
            nameOffset = slot.nameOffset
            nameField = UInt16(slot.nameLength) | (slot.compact ? Self.compactFlag : 0)
            responsible = UInt16(slot.responsible)
        }

        var nameLength: Int { Int(nameField & ~Self.compactFlag) }

        func slot(_ names: [UInt8]) -> Slot {
            Slot(
                contactID: NameEntry.contactID(names, at: Int(nameOffset)), nameOffset: nameOffset, nameLength: UInt32(nameLength),
                responsible: UInt32(responsible), compact: nameField & Self.compactFlag != 0
            )
        }
    }

    /// The sorted keys' range cut into equal slices, with the first record of each.
    fileprivate struct Buckets {
        private var starts: [UInt32] = []
        private var minimum: UInt64 = 0
        private var maximum: UInt64 = 0
        private var shift: UInt64 = 0

        init(_ records: [Record]) {
            guard let first = records.first?.key, let last = records.last?.key, records.count >= 64 else { return }
            minimum = first
            maximum = last
            let wanted = UInt64(min(1 << 16, records.count / 16))
            while (maximum - minimum) >> shift >= wanted { shift += 1 }
            let count = Int((maximum - minimum) >> shift) + 1
            starts = [UInt32](repeating: 0, count: count + 1)
            var bucket = 0
            for (index, record) in records.enumerated() {
                let own = Int((record.key - minimum) >> shift)
                while bucket <= own {
                    starts[bucket] = UInt32(index)
                    bucket += 1
                }
            }
            while bucket <= count {
                starts[bucket] = UInt32(records.count)
                bucket += 1
            }
        }

        /// The records that may hold `key`.
        func range(of key: UInt64, count: Int) -> (Int, Int) {
            guard !starts.isEmpty else { return (0, count) }
            if key < minimum { return (0, 0) }
            if key > maximum { return (count, count) }
            let bucket = Int((key - minimum) >> shift)
            return (Int(starts[bucket]), Int(starts[bucket + 1]))
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
        /// Set with `install(_:)`, which keeps `buckets` in step.
        private(set) var records: [Record] = []
        /// Where in `records` each slice of the key range starts: a lookup binary-searches a
        /// handful of neighbouring records instead of the whole array (fewer cache misses).
        private var buckets = Buckets([])
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

        mutating func appendName(_ name: String, of contactID: Int64) -> (offset: UInt32, length: UInt32, compact: Bool) {
            let offset = UInt32(names.count)
            NameEntry.appendID(contactID, to: &names)
            let compact = CompactName.append(name, to: &names)
            return (offset, UInt32(names.count) - offset, compact)
        }

        func match(_ slot: Slot) -> ContactMatch {
            let entry = Int(slot.nameOffset)
            let start = entry + NameEntry.idLength(names, at: entry)
            let name = names.withUnsafeBufferPointer { names in
                let bytes = UnsafeBufferPointer(rebasing: names[start..<entry + Int(slot.nameLength)])
                return slot.compact ? CompactName.decode(bytes) : String(decoding: bytes, as: UTF8.self)
            }
            return ContactMatch(contactID: slot.contactID, name: name, responsible: slot.responsible == 0 ? nil : responsibleIDs[Int(slot.responsible)])
        }

        mutating func install(_ sorted: [Record]) {
            records = sorted
            buckets = Buckets(sorted)
        }

        /// The position of `key` in `records`, or where it would go.
        func position(of key: UInt64) -> Int {
            let (start, end) = buckets.range(of: key, count: records.count)
            return records.withUnsafeBufferPointer { records in
                var low = start
                var high = end
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
                return index < records.count && records[index].key == key ? records[index].slot(names) : nil
            }
        }

        mutating func store(_ slot: Slot?, for phone: PhoneNumber) {
            if let old = self.slot(for: phone) { garbageBytes += Int(old.nameLength) }
            if let key = phone.numericKey { overrides[key] = slot.map(Override.set) ?? .removed } else { byText[phone.value] = slot }
        }

        mutating func apply(_ change: Change) {
            switch change {
            case .set(let phone, let match):
                let name = appendName(match.name, of: match.contactID)
                store(
                    Slot(
                        contactID: match.contactID, nameOffset: name.offset, nameLength: name.length,
                        responsible: responsibleSlot(match.responsible), compact: name.compact
                    ),
                    for: phone
                )
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
            install(merged)
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
        private var lastName: (offset: UInt32, length: UInt32, compact: Bool) = (0, 0, false)

        public init(expectedPhones: Int = 0, expectedNameBytes: Int = 0) {
            records.reserveCapacity(expectedPhones)
            storage.names.reserveCapacity(expectedNameBytes)
        }

        public mutating func add(phone: PhoneNumber, contactID: Int64, name: String, responsible: ManagerID?) {
            if contactID != lastContactID {
                lastName = storage.appendName(name, of: contactID)
                lastContactID = contactID
            }
            let slot = Slot(
                contactID: contactID, nameOffset: lastName.offset, nameLength: lastName.length,
                responsible: storage.responsibleSlot(responsible), compact: lastName.compact
            )
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
            // Rows arrive by contact id, so entries too: among equal numbers, the earliest entry
            // (the smallest id) claimed it first.
            records.sort { ($0.key, $0.nameOffset) < ($1.key, $1.nameOffset) }
            var unique = 0
            for index in records.indices where index == 0 || records[index].key != records[unique - 1].key {
                records[unique] = records[index]
                unique += 1
            }
            records.removeLast(records.count - unique)
            storage.install(records)
            // The names took less room than reserved for them (or grew past it): keep what they need.
            if storage.names.capacity > storage.names.count + (1 << 20) { storage.names = Array(storage.names[...]) }
            for (key, slot) in oversized {
                let index = storage.position(of: key)
                let claimed = index < records.count && records[index].key == key ? records[index].slot(storage.names).contactID : nil
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

/// Names in one byte a character where they can be: ASCII as itself, the Russian alphabet (and
/// `«»–—№`) in the bytes above it, like the old single-byte Cyrillic code pages. A Russian name
/// takes half its UTF-8 size, which for a million contacts is some twenty megabytes. A name with
/// any other character stays UTF-8.
enum CompactName {
    /// Appends `name`, compact when possible; returns whether it is.
    static func append(_ name: String, to output: inout [UInt8]) -> Bool {
        let start = output.count
        for scalar in name.unicodeScalars {
            guard let byte = byte(for: scalar.value) else {
                output.removeSubrange(start...)
                output.append(contentsOf: name.utf8)
                return false
            }
            output.append(byte)
        }
        return true
    }

    static func byte(for scalar: UInt32) -> UInt8? {
        switch scalar {
        case 0..<0x80: UInt8(scalar)
        case 0x410...0x44F: UInt8(0x80 + scalar - 0x410)
        case 0x401: 0xC0  // Ё
        case 0x451: 0xC1  // ё
        case 0xAB: 0xC2  // «
        case 0xBB: 0xC3  // »
        case 0x2013: 0xC4  // –
        case 0x2014: 0xC5  // —
        case 0x2116: 0xC6  // №
        default: nil
        }
    }

    static func scalar(for byte: UInt8) -> UInt32 {
        switch byte {
        case 0..<0x80: UInt32(byte)
        case 0x80...0xBF: 0x410 + UInt32(byte - 0x80)
        case 0xC0: 0x401
        case 0xC1: 0x451
        case 0xC2: 0xAB
        case 0xC3: 0xBB
        case 0xC4: 0x2013
        case 0xC5: 0x2014
        default: 0x2116
        }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 3) { buffer in
            var count = 0
            for byte in bytes {
                let scalar = scalar(for: byte)
                if scalar < 0x80 {
                    buffer[count] = UInt8(scalar)
                    count += 1
                } else if scalar < 0x800 {
                    buffer[count] = UInt8(0xC0 | scalar >> 6)
                    buffer[count + 1] = UInt8(0x80 | scalar & 0x3F)
                    count += 2
                } else {
                    buffer[count] = UInt8(0xE0 | scalar >> 12)
                    buffer[count + 1] = UInt8(0x80 | (scalar >> 6) & 0x3F)
                    buffer[count + 2] = UInt8(0x80 | scalar & 0x3F)
                    count += 3
                }
            }
            return count
        }
    }
}

/// The head of a contact's entry in the names buffer: its id as a varint (three bytes for a
/// million contacts).
enum NameEntry {
    static func appendID(_ id: Int64, to output: inout [UInt8]) {
        var value = UInt64(bitPattern: id)
        while value >= 0x80 {
            output.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        output.append(UInt8(value))
    }

    static func contactID(_ bytes: [UInt8], at offset: Int) -> Int64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = offset
        while true {
            let byte = bytes[index]
            value |= UInt64(byte & 0x7F) << shift
            guard byte >= 0x80 else { return Int64(bitPattern: value) }
            shift += 7
            index += 1
        }
    }

    static func idLength(_ bytes: [UInt8], at offset: Int) -> Int {
        var index = offset
        while bytes[index] >= 0x80 { index += 1 }
        return index - offset + 1
    }
}
