import CRMCore
import Foundation
import PBXProtocol
import Testing

@testable import CRMStore

@Suite struct CallHistoryTests {
    private func calls(_ store: any CRMStore, callid: String) async throws -> [Call] {
        try await store.calls(CallFilter(callid: callid)).items
    }

    @Test(arguments: Engine.available) func aRepeatedHistoryIsStoredOnce(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            for _ in 0..<5 { _ = try await store.recordHistory(Fixture.history(callid: "R-9")) }
            #expect(try await calls(store, callid: "R-9").count == 1)
            #expect(try await store.calls(CallFilter()).total == 1)
        }
    }

    @Test(arguments: Engine.available) func eachUserOfACallIsItsOwnLeg(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            _ = try await store.recordHistory(Fixture.history(callid: "T-5", user: "ivanov", duration: 40))
            _ = try await store.recordHistory(Fixture.history(callid: "T-5", user: "petrova", duration: 95, manager: "petrova"))
            _ = try await store.recordHistory(Fixture.history(callid: "T-5", user: "petrova", duration: 95, manager: "petrova"))
            let legs = try await calls(store, callid: "T-5")
            #expect(Dictionary(uniqueKeysWithValues: legs.map { ($0.user, $0.duration) }) == ["ivanov": 40, "petrova": 95])
        }
    }

    @Test(arguments: Engine.available) func aRetryUpdatesWhatItSaysAndKeepsWhatItLeavesOut(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let links = ["https://records.example/r9-a.mp3", "https://records.example/r9-b.mp3"]
            _ = try await store.recordHistory(
                Fixture.history(callid: "R-9", duration: 30, links: links, status: .success, extras: ["missedStatus": "0"])
            )
            let retried = try await store.recordHistory(
                Fixture.history(callid: "R-9", duration: 31, links: [], status: nil, start: nil, extras: ["group": "g_1"])
            ).call
            #expect(retried.duration == 31)
            #expect(retried.recordings == links)
            #expect(retried.status == .success)
            #expect(retried.start == Date(timeIntervalSince1970: 1_796_112_902))
            // Later fields are the retry's own, not an accumulation of every retry's.
            #expect(retried.extras == ["group": "g_1"])
            #expect(try await calls(store, callid: "R-9") == [retried])
        }
    }

    @Test(arguments: Engine.available) func aRetryWithNewLinksReplacesTheRecordings(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            _ = try await store.recordHistory(Fixture.history(callid: "R-1", links: ["https://r.example/old.mp3"]))
            let call = try await store.recordHistory(Fixture.history(callid: "R-1", links: ["https://r.example/new.mp3"])).call
            #expect(call.recordings == ["https://r.example/new.mp3"])
        }
    }

    @Test(arguments: Engine.available) func withoutStartTheCallStartedDurationBeforeItsHistoryArrived(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let received = Date(timeIntervalSince1970: 1_796_113_000)
            let call = try await store.recordHistory(Fixture.history(callid: "S-1", duration: 100, start: nil, receivedAt: received)).call
            #expect(call.start == received.addingTimeInterval(-100))
        }
    }

    @Test(arguments: Engine.available) func theCallsFieldsAreStoredAsReceived(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let call = try await store.recordHistory(
                Fixture.history(callid: "O-3", phone: "89169998877", duration: 0, status: .busy, direction: .outgoing)
            ).call
            #expect(call.direction == .outgoing)
            #expect(call.status == .busy)
            #expect(call.phone.value == "+79169998877")
            #expect(call.manager == "ivanov")
            #expect(!call.isMissed)
            let missed = try await store.recordHistory(Fixture.history(callid: "M-1", duration: 0, status: .missed)).call
            #expect(missed.isMissed)
        }
    }

    @Test(arguments: Engine.available) func aCallFromAnUnknownNumberJoinsTheContactCreatedLater(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            _ = try await store.recordHistory(Fixture.history(callid: "U-1", phone: "79265554433", contact: nil))
            #expect(try await calls(store, callid: "U-1").first?.contact == nil)
            let contact = try await store.createContact(ContactDraft(name: "Новый клиент", phones: [PhoneNumber("8 926 555-44-33")]))
            let linked = try await store.calls(CallFilter(contact: contact.id)).items
            #expect(linked.map(\.callid) == ["U-1"])
            #expect(linked.first?.contactName == "Новый клиент")
        }
    }

    @Test(arguments: Engine.available) func aCallJoinsAContactThatGainsItsNumber(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let contact = try await store.createContact(ContactDraft(name: "Клиент", phones: [PhoneNumber("79031112233")]))
            _ = try await store.recordHistory(Fixture.history(callid: "U-2", phone: "79265554433", contact: nil))
            _ = try await store.updateContact(id: contact.id, with: ContactPatch(phones: [PhoneNumber("79031112233"), PhoneNumber("79265554433")]))
            #expect(try await store.calls(CallFilter(contact: contact.id)).items.map(\.callid) == ["U-2"])
        }
    }

    @Test(arguments: Engine.available) func aDeletedContactsCallsStay(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let contact = try await store.createContact(ContactDraft(name: "Уходит", phones: [PhoneNumber("79031112233")]))
            _ = try await store.recordHistory(Fixture.history(callid: "D-1", phone: "79031112233", contact: contact.id))
            _ = try await store.deleteContact(id: contact.id)
            let call = try #require(try await calls(store, callid: "D-1").first)
            #expect(call.contact == nil)
            #expect(call.contactName == nil)
        }
    }

    @Test(arguments: Engine.available) func aRatingBeforeItsHistoryIsAppliedWhenTheHistoryArrives(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            try await store.recordRating(RatingRequest(callid: "B-1", rating: 4), receivedAt: Date())
            let call = try await store.recordHistory(Fixture.history(callid: "B-1")).call
            #expect(call.rating == 4)
        }
    }

    @Test(arguments: Engine.available) func aRatingAfterItsHistoryIsAppliedAtOnce(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            _ = try await store.recordHistory(Fixture.history(callid: "B-2"))
            try await store.recordRating(RatingRequest(callid: "B-2", rating: 5, user: "ivanov"), receivedAt: Date())
            #expect(try await calls(store, callid: "B-2").first?.rating == 5)
            // A retried history does not lose it.
            _ = try await store.recordHistory(Fixture.history(callid: "B-2", duration: 31))
            #expect(try await calls(store, callid: "B-2").first?.rating == 5)
        }
    }

    @Test(arguments: Engine.available) func aRatingForOneUserRatesOnlyTheirLeg(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            _ = try await store.recordHistory(Fixture.history(callid: "T-5", user: "ivanov"))
            _ = try await store.recordHistory(Fixture.history(callid: "T-5", user: "petrova", manager: "petrova"))
            try await store.recordRating(RatingRequest(callid: "T-5", rating: 2, user: "petrova"), receivedAt: Date())
            let ratings = Dictionary(uniqueKeysWithValues: try await calls(store, callid: "T-5").map { ($0.user, $0.rating) })
            #expect(ratings == ["ivanov": nil, "petrova": 2])
            // Without a user (or with one that has no leg) the rating is the whole call's.
            try await store.recordRating(RatingRequest(callid: "T-5", rating: 3, user: "ext-101"), receivedAt: Date())
            #expect(try await calls(store, callid: "T-5").map(\.rating) == [3, 3])
        }
    }
}
