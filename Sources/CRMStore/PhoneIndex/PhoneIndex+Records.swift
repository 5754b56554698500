import CRMCore

extension PhoneIndex {
    struct Slot {
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
    struct Record {
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
    struct Buckets {
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
    enum Override {
        case set(Slot)
        case removed
    }
}
