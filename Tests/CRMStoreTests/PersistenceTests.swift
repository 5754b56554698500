import CRMCore
import Foundation
import PBXProtocol
import Testing

@testable import CRMStore

@Suite struct PersistenceTests {
    @Test func everythingSurvivesClosingAndReopening() async throws {
        try await withDatabase { database in
            let contactID: Int64
            do {
                let store = try await Fixture.store(database)
                _ = try await store.createManager(
                    Manager(id: "kozlov", name: "Дмитрий Козлов", login: "kozlov", role: .admin, pbxAccount: "kozlov@acme.example", active: false),
                    passwordHash: "hash-k"
                )
                contactID = try await store.createContact(
                    ContactDraft(name: "Смирнов", company: "Вектор", notes: "Заметка", phones: [PhoneNumber("79161234567")], responsible: "ivanov")
                ).id
                _ = try await store.recordHistory(Fixture.history(callid: "P-1", links: ["https://r.example/p1.mp3"], contact: contactID))
                _ = try await store.recordEvent(Fixture.event(.incoming, callid: "P-2"))
                try await store.updateSettings(["crm_token": "persisted", "self_map": "true"])
                try await store.appendJournal([
                    JournalEntry(time: Date(), cmd: "users", callid: nil, params: [:], status: 200, latencyMs: 0.1)
                ])
            }
            let reopened = try database.open()
            #expect(reopened.managerDirectory.resolve(user: "kozlov", selfMap: true)?.id == "kozlov")
            #expect(try await reopened.credentials(login: "kozlov")?.passwordHash == "hash-k")
            #expect(reopened.manager(withID: "kozlov")?.active == false)
            // Before the directory warms up the database answers; after, the directory does, the same.
            #expect(try await reopened.lookupContact(phone: PhoneNumber("89161234567"))?.contactID == contactID)
            await reopened.warmUp()
            #expect(try await reopened.lookupContact(phone: PhoneNumber("89161234567"))?.contactID == contactID)
            let contact = try #require(try await reopened.contact(id: contactID))
            #expect(contact.notes == "Заметка")
            #expect(contact.responsible == "ivanov")
            #expect(try await reopened.contacts(matching: "вектор", limit: 10, offset: 0).items.map(\.id) == [contactID])
            let call = try #require(try await reopened.calls(CallFilter(callid: "P-1")).items.first)
            #expect(call.recordings == ["https://r.example/p1.mp3"])
            #expect(call.contactName == "Смирнов")
            #expect(try await reopened.legs(open: true, updatedSince: Date(timeIntervalSince1970: 0), manager: nil, limit: nil).map(\.callid) == ["P-2"])
            let settings = try await reopened.settings()
            #expect(settings["crm_token"] == "persisted")
            #expect(settings["self_map"] == "true")
            #expect(try await reopened.journal(JournalFilter()).map(\.cmd) == ["users"])
        }
    }

    @Test func aNewIDIsNeverAReusedOne() async throws {
        try await withDatabase { database in
            let first: Int64
            do {
                let store = try await Fixture.store(database)
                first = try await store.createContact(ContactDraft(name: "Первый")).id
                _ = try await store.deleteContact(id: first)
            }
            let store = try database.open()
            #expect(try await store.createContact(ContactDraft(name: "Второй")).id > first)
        }
    }
}
