import CRMCore
import PBXProtocol
import Testing

@testable import CRMStore

/// The `contact` hot path is exact the moment a write returns, from the directory once it is
/// loaded and from the database before that.
@Suite struct ContactLookupTests {
    @Test(arguments: Engine.available, [true, false])
    func everyWriteIsVisibleToTheNextLookup(engine: Engine, warm: Bool) async throws {
        try await withStore(on: engine, warm: warm) { store in
            #expect(store.isPhoneIndexReady == warm)
            let created = try await store.createContact(
                ContactDraft(name: "Смирнов Алексей Петрович", phones: [PhoneNumber("+7 (916) 123-45-67"), PhoneNumber("101")], responsible: "ivanov")
            )
            #expect(try await store.lookupContact(phone: PhoneNumber("89161234567")) == ContactMatch(contactID: created.id, name: "Смирнов Алексей Петрович", responsible: "ivanov"))
            #expect(try await store.lookupContact(phone: PhoneNumber("101"))?.contactID == created.id)

            _ = try await store.updateContact(id: created.id, with: ContactPatch(name: "Смирнов А. П."))
            #expect(try await store.lookupContact(phone: PhoneNumber("79161234567"))?.name == "Смирнов А. П.")

            _ = try await store.updateContact(id: created.id, with: ContactPatch(responsible: .some("petrova")))
            #expect(try await store.lookupContact(phone: PhoneNumber("79161234567"))?.responsible == "petrova")

            _ = try await store.updateContact(id: created.id, with: ContactPatch(responsible: .some(nil)))
            let unassigned = try await store.lookupContact(phone: PhoneNumber("79161234567"))
            #expect(unassigned != nil)
            #expect(unassigned?.responsible == nil)

            _ = try await store.updateContact(id: created.id, with: ContactPatch(phones: [PhoneNumber("8 903 111-22-33")]))
            #expect(try await store.lookupContact(phone: PhoneNumber("79161234567")) == nil)
            #expect(try await store.lookupContact(phone: PhoneNumber("101")) == nil)
            #expect(try await store.lookupContact(phone: PhoneNumber("79031112233"))?.contactID == created.id)

            #expect(try await store.deleteContact(id: created.id))
            #expect(try await store.lookupContact(phone: PhoneNumber("79031112233")) == nil)
            #expect(try await store.deleteContact(id: created.id) == false)
            #expect(store.isPhoneIndexReady == warm)
        }
    }

    @Test(arguments: Engine.available, [true, false])
    func aSharedNumberBelongsToTheOldestContactThenToTheNext(engine: Engine, warm: Bool) async throws {
        try await withStore(on: engine, warm: warm) { store in
            let older = try await store.createContact(ContactDraft(name: "Первый", phones: [PhoneNumber("79161234567")], responsible: "ivanov"))
            let newer = try await store.createContact(ContactDraft(name: "Второй", phones: [PhoneNumber("8 916 123-45-67")], responsible: "petrova"))
            #expect(try await store.lookupContact(phone: PhoneNumber("79161234567"))?.contactID == older.id)

            // Renaming the newer one does not steal the number.
            _ = try await store.updateContact(id: newer.id, with: ContactPatch(name: "Второй (новое имя)"))
            #expect(try await store.lookupContact(phone: PhoneNumber("79161234567"))?.contactID == older.id)

            #expect(try await store.deleteContact(id: older.id))
            #expect(try await store.lookupContact(phone: PhoneNumber("79161234567")) == ContactMatch(contactID: newer.id, name: "Второй (новое имя)", responsible: "petrova"))
        }
    }

    @Test(arguments: Engine.available) func droppingTheNumberFromTheOldestHandsItToTheNext(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let older = try await store.createContact(ContactDraft(name: "Первый", phones: [PhoneNumber("79161234567"), PhoneNumber("79031112233")]))
            let newer = try await store.createContact(ContactDraft(name: "Второй", phones: [PhoneNumber("79161234567")]))
            _ = try await store.updateContact(id: older.id, with: ContactPatch(phones: [PhoneNumber("79031112233")]))
            #expect(try await store.lookupContact(phone: PhoneNumber("79161234567"))?.contactID == newer.id)
            #expect(try await store.lookupContact(phone: PhoneNumber("79031112233"))?.contactID == older.id)
        }
    }

    @Test(arguments: Engine.available) func warmingUpLaterGivesTheSameAnswersAsTheDatabase(engine: Engine) async throws {
        try await withStore(on: engine, warm: false) { store in
            let older = try await store.createContact(ContactDraft(name: "Первый", phones: [PhoneNumber("79161234567")], responsible: "ivanov"))
            let newer = try await store.createContact(ContactDraft(name: "Второй", phones: [PhoneNumber("79161234567"), PhoneNumber("anonymous")]))
            let phones = ["79161234567", "anonymous", "79990000000"].map { PhoneNumber($0) }
            var cold: [ContactMatch?] = []
            for phone in phones { cold.append(try await store.lookupContact(phone: phone)) }
            await store.warmUp()
            #expect(store.isPhoneIndexReady)
            var warm: [ContactMatch?] = []
            for phone in phones { warm.append(try await store.lookupContact(phone: phone)) }
            #expect(cold == warm)
            #expect(warm.map { $0?.contactID } == [older.id, newer.id, nil])
        }
    }

    @Test(arguments: Engine.available) func aContactsPhonesAreStoredCanonicalAndOnce(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let contact = try await store.createContact(
                ContactDraft(name: "Дубли", phones: [PhoneNumber("+7 (916) 123-45-67"), PhoneNumber("89161234567"), PhoneNumber(""), PhoneNumber("101")])
            )
            #expect(contact.phones.map(\.value) == ["+79161234567", "101"])
            #expect(try await store.contact(id: contact.id)?.phones == contact.phones)
        }
    }

    @Test(arguments: Engine.available) func anUnknownResponsibleIsRefused(engine: Engine) async throws {
        try await withStore(on: engine) { store throws in
            await #expect(throws: StoreError.invalidReference("no such manager")) {
                try await store.createContact(ContactDraft(name: "Ничей", phones: [PhoneNumber("79161234567")], responsible: "nobody"))
            }
            #expect(try await store.lookupContact(phone: PhoneNumber("79161234567")) == nil)
        }
    }
}
