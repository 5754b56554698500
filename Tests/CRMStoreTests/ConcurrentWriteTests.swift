import CRMCore
import Foundation
import PBXProtocol
import Testing

@testable import CRMStore

@Suite struct ConcurrentWriteTests {
    @Test(arguments: Engine.available) func twentyWritersAtOnceAllSucceed(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let ids = try await withThrowingTaskGroup(of: (Int, Int64).self) { group in
                for writer in 0..<20 {
                    group.addTask {
                        let phone = "7926000\(1000 + writer)"
                        let contact = try await store.createContact(ContactDraft(name: "Клиент \(writer)", phones: [PhoneNumber(phone)]))
                        _ = try await store.recordEvent(Fixture.event(.incoming, callid: "W-\(writer)", phone: phone))
                        _ = try await store.recordHistory(Fixture.history(callid: "W-\(writer)", phone: phone, contact: contact.id))
                        _ = try await store.updateContact(id: contact.id, with: ContactPatch(company: "Компания \(writer)"))
                        try await store.appendJournal([
                            JournalEntry(time: Date(), cmd: "history", callid: "W-\(writer)", params: [:], status: 200, latencyMs: 1)
                        ])
                        return (writer, contact.id)
                    }
                }
                var ids: [Int: Int64] = [:]
                for try await (writer, id) in group { ids[writer] = id }
                return ids
            }
            #expect(ids.count == 20)
            #expect(try await store.contacts(matching: "", limit: 100, offset: 0).total == 20)
            #expect(try await store.calls(CallFilter(limit: 100)).total == 20)
            #expect(try await store.journal(JournalFilter(cmd: "history")).count == 20)
            #expect(try await store.legs(open: true, updatedSince: Date(timeIntervalSince1970: 0), manager: nil, limit: nil).isEmpty)
            for (writer, id) in ids {
                #expect(try await store.lookupContact(phone: PhoneNumber("7926000\(1000 + writer)"))?.contactID == id)
                #expect(try await store.calls(CallFilter(contact: id)).items.map(\.callid) == ["W-\(writer)"])
            }
        }
    }

    @Test(arguments: Engine.available) func writesDuringWarmUpAreNotLost(engine: Engine) async throws {
        try await withStore(on: engine, warm: false) { store in
            for index in 0..<200 {
                _ = try await store.createContact(ContactDraft(name: "Старый \(index)", phones: [PhoneNumber("7903000\(1000 + index)")]))
            }
            async let warming: Void = store.warmUp()
            var created: [Int: Int64] = [:]
            for index in 0..<20 {
                created[index] = try await store.createContact(
                    ContactDraft(name: "Новый \(index)", phones: [PhoneNumber("7904000\(1000 + index)")])
                ).id
                _ = try await store.deleteContact(id: Int64(index + 1))
            }
            await warming
            #expect(store.isPhoneIndexReady)
            for (index, id) in created {
                #expect(try await store.lookupContact(phone: PhoneNumber("7904000\(1000 + index)"))?.contactID == id)
                #expect(try await store.lookupContact(phone: PhoneNumber("7903000\(1000 + index)")) == nil)
            }
            #expect(try await store.lookupContact(phone: PhoneNumber("79030001100"))?.name == "Старый 100")
        }
    }
}
