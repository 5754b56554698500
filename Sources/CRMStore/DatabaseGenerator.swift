import CRMCore
import Foundation
import GRDB
import PBXProtocol

/// Builds a large, realistic database quickly, for benchmarks: managers, contacts with about 1.3
/// phones each, calls spread over a year.
///
/// A million contacts and a million calls in well under a minute on two cores: the rows of the next
/// batch are made on one core while SQLite stores the current one on the other; the tables are
/// filled without their secondary indexes and search triggers, which are then built once from
/// sorted data (the indexes) and in one pass (the trigram index) instead of row by row; call ids
/// ascend, so their unique index only ever appends.
public struct DatabaseGenerator: Sendable {
    public var contacts: Int
    public var calls: Int
    public var managers: Int
    public var seed: UInt64

    public init(contacts: Int, calls: Int, managers: Int = 200, seed: UInt64 = 42) {
        self.contacts = contacts
        self.calls = calls
        self.managers = managers
        self.seed = seed
    }

    public struct Summary: Sendable {
        public var managers: Int
        public var contacts: Int
        public var phones: Int
        public var calls: Int
        public var elapsed: Duration
    }

    /// Numbers the generator never hands out: callers a benchmark can use as "unknown".
    public static let unknownPrefix = "+7999"

    static let batch = 100_000

    /// Writes a new database at `path` (an existing file is replaced).
    public func generate(at path: String, progress: @Sendable (String) -> Void = { _ in }) async throws -> Summary {
        let started = ContinuousClock.now
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try Schema.migrator.migrate(queue)
        let hash = await PasswordHasher.hash("demo")
        let adminHash = await PasswordHasher.hash("admin")
        let (managers, contacts, calls, seed) = (self.managers, self.contacts, self.calls, self.seed)

        try await queue.write { db in
            let insert = try db.makeStatement(
                sql: "INSERT INTO manager (id, name, login, password_hash, role, pbx_account, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)"
            )
            try insert.execute(arguments: ["admin", "Администратор", "admin", adminHash, "admin", "admin", Date().timeIntervalSince1970])
            var names = NamePicker(seed: seed)
            for index in 1...max(managers, 1) {
                let id = "m\(index)"
                try insert.execute(arguments: [id, names.personName(), id, hash, "manager", id, Date().timeIntervalSince1970])
            }
        }
        progress("managers: \(managers)")

        // Indexes and triggers go, and come back once the rows are in.
        let deferred = try await queue.write { db in try Self.dropSecondaryStructures(db) }

        var phoneCount = 0
        let now = Date().timeIntervalSince1970
        try await Self.pipeline(
            total: contacts, make: { range in Self.contactRows(range, managers: managers, seed: seed) },
            store: { rows in
                phoneCount += try await queue.write { db in try Self.insert(rows, now: now, db) }
                progress("contacts: \(rows.last.map { $0.id } ?? 0)")
            }
        )
        var callCount = 0
        try await Self.pipeline(
            total: calls, make: { range in Self.callRows(range, contacts: contacts, managers: managers, seed: seed, now: now) },
            store: { rows in
                try await queue.write { db in try Self.insert(rows, db) }
                callCount += rows.count
                progress("calls: \(callCount)")
            }
        )

        progress("indexes")
        try await queue.writeWithoutTransaction { db in
            for statement in deferred { try db.execute(sql: statement) }
        }
        progress("search index")
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                INSERT INTO contact_search(contact_search) VALUES ('rebuild');
                INSERT INTO contact_search(contact_search) VALUES ('optimize');
                ANALYZE;
                PRAGMA wal_checkpoint(TRUNCATE);
                """)
        }
        try queue.close()
        return Summary(managers: managers, contacts: contacts, phones: phoneCount, calls: calls, elapsed: ContinuousClock.now - started)
    }

    /// Makes batch n+1 on another core while batch n is stored.
    private static func pipeline<Row: Sendable>(
        total: Int, make: @escaping @Sendable (Range<Int>) -> [Row], store: ([Row]) async throws -> Void
    ) async throws {
        guard total > 0 else { return }
        func range(_ start: Int) -> Range<Int> { start..<min(start + batch, total) }
        var next = Task { make(range(0)) }
        var start = 0
        while start < total {
            let rows = await next.value
            start += batch
            if start < total {
                let upcoming = range(start)
                next = Task { make(upcoming) }
            }
            try await store(rows)
        }
    }

    /// Drops the secondary indexes and the triggers of the bulk-loaded tables; returns the SQL that
    /// makes them again.
    static func dropSecondaryStructures(_ db: Database) throws -> [String] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT type, name, sql FROM sqlite_master
                WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ('contact', 'contact_phone', 'call')
                ORDER BY type, name
                """
        )
        var recreate: [String] = []
        for row in rows {
            let (type, name, sql): (String, String, String) = (row[0], row[1], row[2])
            try db.execute(sql: "DROP \(type == "index" ? "INDEX" : "TRIGGER") \(name.quotedDatabaseIdentifier)")
            recreate.append(sql)
        }
        return recreate
    }

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

    private static func insert(_ rows: [ContactRow], now: Double, _ db: Database) throws -> Int {
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

    private static func insert(_ rows: [CallRow], _ db: Database) throws {
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

/// A small, fast, seedable generator: the same seed builds the same database.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[Int(next() % UInt64(items.count))]
    }
}

/// Realistic names: mostly Russian (surname, first name, patronymic, with feminine forms), some Latin.
struct NamePicker {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    private static let surnames = [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов",
        "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев",
        "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
        "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв", "Ильин", "Максимов",
        "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов",
    ]
    private static let maleNames = [
        "Александр", "Алексей", "Андрей", "Антон", "Артём", "Борис", "Вадим", "Виктор", "Владимир", "Дмитрий", "Евгений",
        "Игорь", "Иван", "Кирилл", "Константин", "Максим", "Михаил", "Никита", "Олег", "Павел", "Роман", "Сергей", "Юрий",
    ]
    private static let femaleNames = [
        "Анна", "Алёна", "Валентина", "Виктория", "Галина", "Дарья", "Екатерина", "Елена", "Ирина", "Ксения", "Людмила",
        "Марина", "Мария", "Наталья", "Ольга", "Светлана", "Татьяна", "Юлия",
    ]
    private static let patronymicStems = [
        "Александров", "Алексеев", "Андреев", "Викторов", "Владимиров", "Дмитриев", "Иванов", "Игорев", "Михайлов", "Николаев",
        "Олегов", "Павлов", "Петров", "Сергеев", "Юрьев",
    ]
    private static let latinFirst = ["John", "Emily", "Klaus", "Anna", "Pierre", "Maria", "David", "Sofia", "Lars", "Marco", "Yuki"]
    private static let latinLast = ["Miller", "Weber", "Dubois", "Rossi", "Larsen", "Schmidt", "Garcia", "Novak", "Tanaka", "Brown"]
    private static let companyWords = [
        "Вектор", "Альфа", "Северсталь-Снаб", "Горизонт", "Меридиан", "Прогресс", "Техносервис", "Стройинвест", "Логистик",
        "Агроторг", "Энергия", "Спектр", "Транзит", "Медиагрупп", "Капитал", "Интеграл", "Ресурс", "Оптима", "Nordic Logistics",
        "Baltic Trade", "Euro Parts",
    ]
    private static let companyForms = ["ООО", "АО", "ПАО", "ИП", "ЗАО"]

    mutating func personName() -> String {
        if random.next() % 10 == 0 {
            return random.pick(Self.latinFirst) + " " + random.pick(Self.latinLast)
        }
        let surname = random.pick(Self.surnames)
        let stem = random.pick(Self.patronymicStems)
        if random.next() % 2 == 0 {
            let feminine = surname.hasSuffix("ий") ? String(surname.dropLast(2)) + "ая" : surname + "а"
            return "\(feminine) \(random.pick(Self.femaleNames)) \(stem)на"
        }
        return "\(surname) \(random.pick(Self.maleNames)) \(stem)ич"
    }

    mutating func company() -> String {
        if random.next() % 5 == 0 { return "" }
        let word = random.pick(Self.companyWords)
        return word.contains(" ") ? word + " GmbH" : "\(random.pick(Self.companyForms)) «\(word)»"
    }
}
