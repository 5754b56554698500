import Testing

@testable import CRMStore

/// Names in Russian alphabetical order by a key SQLite's binary comparison sorts.
@Suite struct NameKeyTests {
    @Test func namesSortInRussianOrderCaseInsensitiveWithЁBesideЕAndCyrillicBeforeLatin() {
        let names = [
            "Adams John", "ёлкин Пётр", "Елкин Иван", "Ежов Олег", "Жуков Юрий", "яковлев Илья", "Émile Zola", "Emma Stone",
            "Андреев Андрей", "Йодко Анна", "Иванов Иван", "ИВАНОВ Борис", "123 Service",
        ]
        let sorted = names.sorted { (NameKey.of($0), $0) < (NameKey.of($1), $1) }
        #expect(sorted == [
            "123 Service", "Андреев Андрей", "Ежов Олег", "Елкин Иван", "ёлкин Пётр", "Жуков Юрий", "ИВАНОВ Борис", "Иванов Иван",
            "Йодко Анна", "яковлев Илья", "Adams John", "Émile Zola", "Emma Stone",
        ])
    }

    @Test func caseAndЁDoNotChangeTheKeyButЙDoes() {
        #expect(NameKey.of("Ёлкин") == NameKey.of("елкин"))
        #expect(NameKey.of("ÉMILE") == NameKey.of("emile"))
        #expect(NameKey.of("Йодко") != NameKey.of("Иодко"))
    }
}
