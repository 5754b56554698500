import CRMCore
import Foundation
import GRDB
import PBXProtocol

/// Builds a large, realistic database quickly, for benchmarks: managers, contacts with about 1.3
/// phones each, calls spread over a year. Rows go in with prepared statements inside a few big
/// transactions; nothing here is on a request path.
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

        var phoneCount = 0
        let batch = 100_000
        var contactStart = 0
        while contactStart < contacts {
            let range = contactStart..<min(contactStart + batch, contacts)
            phoneCount += try await queue.write { db in
                try Self.insertContacts(range, managers: managers, seed: seed, db)
            }
            contactStart = range.upperBound
            progress("contacts: \(contactStart)")
        }

        var callStart = 0
        while callStart < calls {
            let range = callStart..<min(callStart + batch, calls)
            try await queue.write { db in
                try Self.insertCalls(range, contacts: contacts, managers: managers, seed: seed, db)
            }
            callStart = range.upperBound
            progress("calls: \(callStart)")
        }
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO contact_search(contact_search) VALUES ('optimize'); PRAGMA wal_checkpoint(TRUNCATE); ANALYZE")
        }
        try queue.close()
        return Summary(managers: managers, contacts: contacts, phones: phoneCount, calls: calls, elapsed: ContinuousClock.now - started)
    }

    /// The n-th contact's phones: distinct for every n, and never under `unknownPrefix`.
    public static func phones(ofContact index: Int) -> [PhoneNumber] {
        let count = index % 10 < 3 ? 2 : 1  // 1.3 per contact on average
        return (0..<count).map { slot in
            let serial = UInt64(index) * 2 + UInt64(slot)
            // A bijection on 0..<10^9 scatters consecutive serials over the number space.
            let scattered = (serial &* 7_919 &+ 104_729) % 1_000_000_000
            let operatorCode = 900 + Int(scattered / 10_000_000)  // 900…989: never 999
            return PhoneNumber(stored: String(format: "+7%03d%07d", operatorCode, Int(scattered % 10_000_000)))
        }
    }

    private static func insertContacts(_ range: Range<Int>, managers: Int, seed: UInt64, _ db: Database) throws -> Int {
        let contact = try db.makeStatement(
            sql: """
                INSERT INTO contact (id, name, company, notes, responsible_id, search_text, created_at, updated_at)
                VALUES (?, ?, ?, '', ?, ?, ?, ?)
                """
        )
        let phone = try db.makeStatement(sql: "INSERT INTO contact_phone (contact_id, position, phone) VALUES (?, ?, ?)")
        var names = NamePicker(seed: seed &+ UInt64(range.lowerBound))
        let now = Date().timeIntervalSince1970
        var phoneCount = 0
        for index in range {
            let name = names.personName()
            let company = names.company()
            let phones = phones(ofContact: index)
            let responsible: String? = index % 4 == 0 ? nil : "m\(index % max(managers, 1) + 1)"
            let document = SearchText.document(name: name, company: company, phones: phones, defaultCountry: .russia)
            try contact.execute(arguments: [index + 1, name, company, responsible, document, now, now])
            for (position, number) in phones.enumerated() {
                try phone.execute(arguments: [index + 1, position, number.value])
            }
            phoneCount += phones.count
        }
        return phoneCount
    }

    private static func insertCalls(_ range: Range<Int>, contacts: Int, managers: Int, seed: UInt64, _ db: Database) throws {
        let call = try db.makeStatement(
            sql: """
                INSERT INTO call (callid, user, manager_id, direction, phone, contact_id, start, duration, status, recordings,
                                  extras, received_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)
                """
        )
        var random = SplitMix64(seed: seed &+ 0x5EED &+ UInt64(range.lowerBound))
        let now = Date().timeIntervalSince1970
        let year = 365.0 * 86_400
        for index in range {
            let contactIndex = contacts > 0 ? Int(random.next() % UInt64(contacts)) : 0
            let known = contacts > 0 && random.next() % 10 < 8
            let phone = known ? phones(ofContact: contactIndex)[0].value : String(format: "+7999%07d", Int(random.next() % 10_000_000))
            let manager = "m\(Int(random.next() % UInt64(max(managers, 1))) + 1)"
            let outgoing = random.next() % 4 == 0
            let answered = random.next() % 5 != 0
            let status = answered ? "success" : (outgoing ? "busy" : "missed")
            let duration = answered ? Int(15 + random.next() % 600) : 0
            let start = now - Double(random.next() % UInt64(year))
            let recordings = answered ? #"["/recordings/demo-\#(index % 3 + 1).wav"]"# : "[]"
            try call.execute(arguments: [
                String(format: "G%019llX-%04d", random.next() >> 1, index % 10_000), manager, manager, outgoing ? "out" : "in", phone,
                known ? contactIndex + 1 : nil, start, duration, status, recordings, start + Double(duration), start + Double(duration),
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
