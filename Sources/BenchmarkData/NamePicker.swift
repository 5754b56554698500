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
