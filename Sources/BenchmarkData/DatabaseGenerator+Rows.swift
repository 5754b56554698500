import CRMStore
import GRDB
import PBXProtocol

/// The generated rows: every contact's phones follow from its index, so a benchmark knows its callers.
extension DatabaseGenerator {
    /// The n-th contact's phones: distinct for every n, and never under `unknownPrefix`.
    public static func phones(ofContact index: Int) -> [PhoneNumber] {
        phoneDigits(ofContact: index).map { PhoneNumber(stored: $0) }
    }

    /// `+7` and ten digits, without formatting through Foundation.
    static func phoneDigits(ofContact index: Int) -> [String] {
        let count = index % 10 < 3 ? 2 : 1  // 1.3 per contact on average
        return (0..<count).map { slot in
            let serial = UInt64(index) * 2 + UInt64(slot)
            // A bijection on 0..<10^9 scatters consecutive serials over the number space.
            let scattered = (serial &* 7_919 &+ 104_729) % 1_000_000_000
            let operatorCode = 900 + scattered / 10_000_000  // 900…989: never 999
            return "+7" + digits(operatorCode, width: 3) + digits(scattered % 10_000_000, width: 7)
        }
    }

    /// `value` in decimal, zero-padded to `width`.
    static func digits(_ value: UInt64, width: Int) -> String {
        var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var rest = value
        var index = width - 1
        while rest > 0, index >= 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    struct ContactRow: Sendable {
        var id: Int
        var name: String
        var nameKey: String
        var company: String
        var responsible: String?
        var searchText: String
        var phones: [String]
    }

    static func contactRows(_ range: Range<Int>, managers: Int, seed: UInt64) -> [ContactRow] {
        var names = NamePicker(seed: seed &+ UInt64(range.lowerBound))
        return range.map { index in
            let name = names.personName()
            let company = names.company()
            let phones = phoneDigits(ofContact: index)
            let responsible: String? = index % 4 == 0 ? nil : "m\(index % max(managers, 1) + 1)"
            let document = SearchText.document(
                name: name, company: company, phones: phones.map(PhoneNumber.init(stored:)), defaultCountry: .russia
            )
            return ContactRow(
                id: index + 1, name: name, nameKey: NameKey.of(name), company: company, responsible: responsible, searchText: document,
                phones: phones
            )
        }
    }

    static func insert(_ rows: [ContactRow], now: Double, _ db: Database) throws -> Int {
        let contact = try db.cachedStatement(
            sql: """
                INSERT INTO contact (id, name, name_key, company, notes, responsible_id, search_text, created_at, updated_at)
                VALUES (?, ?, ?, ?, '', ?, ?, ?, ?)
                """
        )
        let phone = try db.cachedStatement(sql: "INSERT INTO contact_phone (contact_id, position, phone) VALUES (?, ?, ?)")
        var phoneCount = 0
        for row in rows {
            try contact.execute(arguments: [row.id, row.name, row.nameKey, row.company, row.responsible, row.searchText, now, now])
            for (position, number) in row.phones.enumerated() {
                try phone.execute(arguments: [row.id, position, number])
            }
            phoneCount += row.phones.count
        }
        return phoneCount
    }

    struct CallRow: Sendable {
        var callid: String
        var manager: String
        var outgoing: Bool
        var phone: String
        var contact: Int?
        var start: Double
        var duration: Int
        var status: String
        var recordings: String
    }

    static func callRows(_ range: Range<Int>, contacts: Int, managers: Int, seed: UInt64, now: Double) -> [CallRow] {
        var random = SplitMix64(seed: seed &+ 0x5EED &+ UInt64(range.lowerBound))
        let year = 365.0 * 86_400
        let hex = Array("0123456789ABCDEF".utf8)
        return range.map { index in
            let contactIndex = contacts > 0 ? Int(random.next() % UInt64(contacts)) : 0
            let known = contacts > 0 && random.next() % 10 < 8
            let phone = known ? phoneDigits(ofContact: contactIndex)[0] : "+7999" + digits(random.next() % 10_000_000, width: 7)
            let manager = "m\(Int(random.next() % UInt64(max(managers, 1))) + 1)"
            let outgoing = random.next() % 4 == 0
            let answered = random.next() % 5 != 0
            let duration = answered ? Int(15 + random.next() % 600) : 0
            let start = now - Double(random.next() % UInt64(year))
            // `G` and 16 hex digits that ascend with the index (a PBX's ids grow with time too), so the
            // (callid, user) index is filled in order.
            var id = [UInt8(ascii: "G")]
            let value = UInt64(index) << 24 | (random.next() & 0xFF_FFFF)
            for shift in stride(from: 60, through: 0, by: -4) { id.append(hex[Int((value >> UInt64(shift)) & 0xF)]) }
            return CallRow(
                callid: String(decoding: id, as: UTF8.self), manager: manager, outgoing: outgoing, phone: phone,
                contact: known ? contactIndex + 1 : nil, start: start, duration: duration,
                status: answered ? "success" : (outgoing ? "busy" : "missed"),
                recordings: answered ? #"["/recordings/demo-\#(index % 3 + 1).wav"]"# : "[]"
            )
        }
    }

    static func insert(_ rows: [CallRow], _ db: Database) throws {
        let call = try db.cachedStatement(
            sql: """
                INSERT INTO call (callid, user, manager_id, direction, phone, contact_id, start, duration, status, recordings,
                                  extras, received_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)
                """
        )
        for row in rows {
            let end = row.start + Double(row.duration)
            try call.execute(arguments: [
                row.callid, row.manager, row.manager, row.outgoing ? "out" : "in", row.phone, row.contact, row.start, row.duration,
                row.status, row.recordings, end, end,
            ])
        }
    }
}
