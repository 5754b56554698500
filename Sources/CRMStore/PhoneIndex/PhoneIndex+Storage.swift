import CRMCore
import PBXProtocol

extension PhoneIndex {
    /// The index: the loaded snapshot as one sorted array (binary search, no hash table's empty
    /// buckets and per-entry overhead), the changes since then in a small dictionary on top, merged
    /// into the array once they grow. Non-canonical numbers (`101`, `anonymous`) are few and keyed
    /// by their text.
    struct Storage: ~Copyable {
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
}
