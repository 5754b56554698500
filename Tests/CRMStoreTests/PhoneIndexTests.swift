import CRMCore
import PBXProtocol
import Testing

@testable import CRMStore

@Suite struct PhoneIndexTests {
    static let smirnov = ContactMatch(contactID: 1, name: "Смирнов Алексей Петрович", responsible: "ivanov")
    static let solovyov = ContactMatch(contactID: 2, name: "Соловьёв Михаил Ефимович", responsible: "petrova")

    private func loaded(_ rows: [(String, ContactMatch)]) -> PhoneIndex {
        let directory = PhoneIndex()
        directory.beginLoading()
        var builder = PhoneIndex.Builder()
        for (phone, match) in rows {
            builder.add(phone: PhoneNumber(phone), contactID: match.contactID, name: match.name, responsible: match.responsible)
        }
        directory.finishLoading(builder)
        return directory
    }

    @Test func beforeLoadingEveryLookupAsksTheDatabase() {
        let directory = PhoneIndex()
        #expect(!directory.isReady)
        #expect(directory.lookup(PhoneNumber("79161234567")) == .notReady)
        directory.beginLoading()
        #expect(directory.lookup(PhoneNumber("79161234567")) == .notReady)
    }

    @Test func afterLoadingNumbersResolveInAnyFormat() {
        let directory = loaded([("+79161234567", Self.smirnov), ("+79031112233", Self.solovyov)])
        #expect(directory.isReady)
        for form in ["79161234567", "8 916 123-45-67", "+7 (916) 123-45-67", "9161234567"] {
            #expect(directory.lookup(PhoneNumber(form)) == .found(Self.smirnov), "\(form)")
        }
        #expect(directory.lookup(PhoneNumber("8 903 111-22-33")) == .found(Self.solovyov))
        #expect(directory.lookup(PhoneNumber("79990000000")) == .unknown)
    }

    @Test func changesCommittedWhileLoadingAreReplayedOnTopOfTheSnapshot() {
        let directory = PhoneIndex()
        directory.beginLoading()
        // The snapshot is older than these commits: it still has Смирнов's old number and not the new one.
        var builder = PhoneIndex.Builder()
        builder.add(phone: PhoneNumber("79161234567"), contactID: 1, name: Self.smirnov.name, responsible: "ivanov")
        builder.add(phone: PhoneNumber("79031112233"), contactID: 2, name: Self.solovyov.name, responsible: "petrova")
        let renamed = ContactMatch(contactID: 2, name: "Соловьёв М. Е.", responsible: nil)
        directory.apply([.remove(PhoneNumber("79161234567")), .set(PhoneNumber("79251112233"), Self.smirnov)])
        directory.apply([.set(PhoneNumber("79031112233"), renamed)])
        #expect(directory.lookup(PhoneNumber("79251112233")) == .notReady)
        directory.finishLoading(builder)
        #expect(directory.lookup(PhoneNumber("79161234567")) == .unknown)
        #expect(directory.lookup(PhoneNumber("79251112233")) == .found(Self.smirnov))
        #expect(directory.lookup(PhoneNumber("79031112233")) == .found(renamed))
    }

    @Test func changesAfterLoadingApplyAtOnce() {
        let directory = loaded([("79161234567", Self.smirnov)])
        let moved = ContactMatch(contactID: 1, name: "Смирнов А. П.", responsible: "kozlov")
        directory.apply([.set(PhoneNumber("79161234567"), moved)])
        #expect(directory.lookup(PhoneNumber("89161234567")) == .found(moved))
        directory.apply([.remove(PhoneNumber("+7 916 123 45 67"))])
        #expect(directory.lookup(PhoneNumber("79161234567")) == .unknown)
    }

    @Test func aContactWithoutResponsibleHasNone() {
        let directory = loaded([("79161234567", ContactMatch(contactID: 5, name: "Без менеджера", responsible: nil))])
        #expect(directory.lookup(PhoneNumber("79161234567")) == .found(ContactMatch(contactID: 5, name: "Без менеджера", responsible: nil)))
    }

    @Test func nonCanonicalNumbersMatchOnlyExactly() {
        let office = ContactMatch(contactID: 3, name: "Reception", responsible: nil)
        let directory = loaded([("101", office), ("anonymous", Self.smirnov)])
        #expect(directory.lookup(PhoneNumber(" 101 ")) == .found(office))
        #expect(directory.lookup(PhoneNumber("anonymous")) == .found(Self.smirnov))
        #expect(directory.lookup(PhoneNumber("1010")) == .unknown)
        directory.apply([.set(PhoneNumber("*55#"), office)])
        #expect(directory.lookup(PhoneNumber("*55#")) == .found(office))
        directory.apply([.remove(PhoneNumber("101"))])
        #expect(directory.lookup(PhoneNumber("101")) == .unknown)
    }

    @Test func theBuilderKeepsTheFirstContactToClaimANumber() {
        let directory = loaded([("79161234567", Self.smirnov), ("79031112233", Self.smirnov), ("8 916 123-45-67", Self.solovyov)])
        #expect(directory.lookup(PhoneNumber("79161234567")) == .found(Self.smirnov))
        #expect(directory.lookup(PhoneNumber("79031112233")) == .found(Self.smirnov))
    }

    @Test func manyRenamesKeepEveryNameIntact() {
        // Each rename leaves the old bytes behind until the buffer is compacted; no name may be garbled by it.
        let directory = loaded([("79161234567", Self.smirnov), ("79031112233", Self.solovyov)])
        let long = String(repeating: "Ж", count: 4000)
        for round in 0..<300 {
            directory.apply([.set(PhoneNumber("79161234567"), ContactMatch(contactID: 1, name: "\(round) \(long)", responsible: "ivanov"))])
        }
        #expect(directory.lookup(PhoneNumber("79161234567")) == .found(ContactMatch(contactID: 1, name: "299 \(long)", responsible: "ivanov")))
        #expect(directory.lookup(PhoneNumber("79031112233")) == .found(Self.solovyov))
    }

    @Test func resetForgetsEverythingUntilTheNextLoad() {
        let directory = loaded([("79161234567", Self.smirnov)])
        directory.reset()
        #expect(directory.lookup(PhoneNumber("79161234567")) == .notReady)
    }
}

@Suite struct PhoneIndexCompactionTests {
    @Test func compactingNamesKeepsNamesNextToEmptyOnesIntact() {
        // An empty name takes no bytes, so it starts where the next name starts: compaction must not confuse the two.
        let directory = PhoneIndex()
        directory.beginLoading()
        var builder = PhoneIndex.Builder()
        for pair in 0..<40 {
            let id = Int64(pair * 2)
            builder.add(phone: PhoneNumber("7916000\(1000 + pair)"), contactID: id, name: "", responsible: nil)
            builder.add(phone: PhoneNumber("7925000\(1000 + pair)"), contactID: id + 1, name: "Контакт \(pair)", responsible: nil)
        }
        directory.finishLoading(builder)
        let long = String(repeating: "Ж", count: 4000)
        for round in 0..<300 {
            directory.apply([.set(PhoneNumber("79990000000"), ContactMatch(contactID: 999, name: "\(round) \(long)", responsible: nil))])
        }
        for pair in 0..<40 {
            let expected = ContactMatch(contactID: Int64(pair * 2 + 1), name: "Контакт \(pair)", responsible: nil)
            #expect(directory.lookup(PhoneNumber("7925000\(1000 + pair)")) == .found(expected))
            #expect(directory.lookup(PhoneNumber("7916000\(1000 + pair)")) == .found(ContactMatch(contactID: Int64(pair * 2), name: "", responsible: nil)))
        }
    }
}

@Suite struct PhoneIndexLayoutTests {
    private func number(_ index: Int) -> PhoneNumber { PhoneNumber(String(format: "79%09d", index * 7_919 % 1_000_000_000)) }

    @Test func aLoadedNumberCostsOneSortedRecordOf16Bytes() {
        #expect(PhoneIndex.recordSize == 16)
        let directory = PhoneIndex()
        directory.beginLoading()
        var builder = PhoneIndex.Builder(expectedPhones: 2_000)
        for index in 0..<1_000 {
            for slot in 0..<2 {
                builder.add(phone: number(index * 2 + slot), contactID: Int64(index), name: "Контакт \(index)", responsible: index % 3 == 0 ? nil : "m\(index % 7)")
            }
        }
        builder.add(phone: PhoneNumber("101"), contactID: 5_000, name: "Ресепшн", responsible: nil)
        directory.finishLoading(builder)
        let layout = directory.layout
        #expect(layout.records == 2_000)
        #expect(layout.overrides == 0)
        #expect(layout.textKeys == 1)
        // Each contact's entry (its id, then its name, one byte a character) is stored once,
        // whatever its number of phones.
        let idBytes = { (id: Int) in id < 128 ? 1 : 2 }
        #expect(layout.nameBytes == (0..<1_000).reduce(0) { $0 + idBytes($1) + "Контакт \($1)".count } + 2 + "Ресепшн".count)
        for index in 0..<1_000 {
            let expected = ContactMatch(contactID: Int64(index), name: "Контакт \(index)", responsible: index % 3 == 0 ? nil : "m\(index % 7)")
            #expect(directory.lookup(number(index * 2)) == .found(expected))
            #expect(directory.lookup(number(index * 2 + 1)) == .found(expected))
        }
        #expect(directory.lookup(number(2_000)) == .unknown)
    }

    @Test func manyChangesAreFoldedIntoTheSortedRecordsAndStayExact() {
        let directory = PhoneIndex()
        directory.beginLoading()
        var builder = PhoneIndex.Builder()
        var expected: [PhoneNumber: ContactMatch] = [:]
        for index in 0..<5_000 {
            let match = ContactMatch(contactID: Int64(index), name: "Исходный \(index)", responsible: nil)
            builder.add(phone: number(index), contactID: match.contactID, name: match.name, responsible: nil)
            expected[number(index)] = match
        }
        directory.finishLoading(builder)
        // More changes than the overrides hold: new numbers, renames, removals, in batches as commits come.
        var changes: [PhoneIndex.Change] = []
        for index in 0..<120_000 {
            let phone = number(index % 3 == 0 ? index / 16 : 5_000 + index)
            if index % 7 == 0 {
                changes.append(.remove(phone))
                expected[phone] = nil
            } else {
                let match = ContactMatch(contactID: Int64(100_000 + index), name: "Новый \(index)", responsible: "m\(index % 5)")
                changes.append(.set(phone, match))
                expected[phone] = match
            }
            if changes.count == 500 {
                directory.apply(changes)
                changes.removeAll()
            }
        }
        directory.apply(changes)
        #expect(directory.layout.overrides < 1 << 16)
        #expect(directory.layout.records > 5_000)
        for (phone, match) in expected { #expect(directory.lookup(phone) == .found(match)) }
        for index in 0..<5_000 where expected[number(index)] == nil { #expect(directory.lookup(number(index)) == .unknown) }
    }

    @Test func aNameTooLongForARecordIsStillFound() {
        let huge = String(repeating: "Я", count: 40_000)  // 80 000 bytes
        let directory = PhoneIndex()
        directory.beginLoading()
        var builder = PhoneIndex.Builder()
        builder.add(phone: number(1), contactID: 1, name: huge, responsible: "ivanov")
        builder.add(phone: number(1), contactID: 2, name: "Второй", responsible: nil)
        builder.add(phone: number(2), contactID: 2, name: "Второй", responsible: nil)
        directory.finishLoading(builder)
        #expect(directory.lookup(number(1)) == .found(ContactMatch(contactID: 1, name: huge, responsible: "ivanov")))
        #expect(directory.lookup(number(2)) == .found(ContactMatch(contactID: 2, name: "Второй", responsible: nil)))
        directory.apply([.set(number(3), ContactMatch(contactID: 3, name: huge + "!", responsible: nil))])
        #expect(directory.lookup(number(3)) == .found(ContactMatch(contactID: 3, name: huge + "!", responsible: nil)))
    }
}

@Suite struct CompactNameTests {
    @Test(arguments: [
        "Смирнов Алексей Петрович", "Ёлкина Анна Семёновна", "ООО «Вектор» — №1 – ок", "John Smith", "", "Mixed Иван O'Neil",
        "Українка Їжачок", "Zoë", "Иван 📞", "Straße", String(repeating: "Ж", count: 20_000),
    ])
    func namesRoundTripThroughTheDirectory(_ name: String) {
        let directory = PhoneIndex()
        directory.beginLoading()
        var builder = PhoneIndex.Builder()
        // Ids of every size travel at the head of their entries.
        for (index, id) in [Int64(1), 300, 1 << 40, -5, .max].enumerated() {
            builder.add(phone: PhoneNumber("7916123456\(index)"), contactID: id, name: name, responsible: nil)
        }
        directory.finishLoading(builder)
        for (index, id) in [Int64(1), 300, 1 << 40, -5, .max].enumerated() {
            #expect(directory.lookup(PhoneNumber("7916123456\(index)")) == .found(ContactMatch(contactID: id, name: name, responsible: nil)))
        }
        directory.apply([.set(PhoneNumber("79031112233"), ContactMatch(contactID: 2, name: name + " 2", responsible: "m1"))])
        #expect(directory.lookup(PhoneNumber("79031112233")) == .found(ContactMatch(contactID: 2, name: name + " 2", responsible: "m1")))
    }

    @Test func aRussianNameTakesOneByteACharacter() {
        let directory = PhoneIndex()
        directory.beginLoading()
        var builder = PhoneIndex.Builder()
        builder.add(phone: PhoneNumber("79161234567"), contactID: 1, name: "Смирнов Алексей Петрович", responsible: nil)
        builder.add(phone: PhoneNumber("79031112233"), contactID: 2, name: "Олег 📞", responsible: nil)
        directory.finishLoading(builder)
        #expect(directory.layout.nameBytes == 1 + "Смирнов Алексей Петрович".count + 1 + "Олег 📞".utf8.count)
    }
}
