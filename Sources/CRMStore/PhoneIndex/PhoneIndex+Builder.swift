import CRMCore
import PBXProtocol

extension PhoneIndex {
    /// Builds an index from rows ordered by contact id; the first contact to claim a number keeps it,
    /// as the database's lookup does.
    struct Builder: ~Copyable {
        var storage = Storage()
        private var records: [Record] = []
        /// Numbers whose slot does not fit a record (a name over 64 KB): kept as overrides.
        private var oversized: [(key: UInt64, slot: Slot)] = []
        private var lastContactID: Int64 = .min
        private var lastName: (offset: UInt32, length: UInt32, compact: Bool) = (0, 0, false)

        init(expectedPhones: Int = 0, expectedNameBytes: Int = 0) {
            records.reserveCapacity(expectedPhones)
            storage.names.reserveCapacity(expectedNameBytes)
        }

        mutating func add(phone: PhoneNumber, contactID: Int64, name: String, responsible: ManagerID?) {
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
        consuming func finish() -> Storage {
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
}
