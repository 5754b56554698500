import CRMCore
import Foundation
import PBXProtocol
import Testing

@testable import CRMStore

@Suite struct CallLegStoreTests {
    private let longAgo = Date(timeIntervalSince1970: 0)

    @Test(arguments: Engine.available) func eventsMoveLegsForwardOnlyAndEveryEventIsKept(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let sequence: [(CallEventType, Bool)] = [
                (.incoming, true), (.incoming, false), (.accepted, true), (.incoming, false), (.completed, true), (.cancelled, false),
                (.accepted, false),
            ]
            for (type, moves) in sequence {
                let legs = try await store.recordEvent(Fixture.event(type, callid: "E-1"))
                #expect(legs.isEmpty != moves, "\(type)")
            }
            let events = try await store.events(callid: "E-1")
            #expect(events.map(\.type) == sequence.map(\.0))
            #expect(events.map(\.applied) == sequence.map(\.1))
            #expect(try await store.legs(open: true, updatedSince: longAgo, manager: nil, limit: nil).isEmpty)
        }
    }

    @Test(arguments: Engine.available) func ringGroupLegsAreKeyedByUser(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            for user in ["ivanov", "petrova", "kozlov"] { _ = try await store.recordEvent(Fixture.event(.incoming, callid: "G-1", user: user)) }
            _ = try await store.recordEvent(Fixture.event(.accepted, callid: "G-1", user: "petrova"))
            _ = try await store.recordEvent(Fixture.event(.cancelled, callid: "G-1", user: "ivanov"))
            let open = try await store.legs(open: true, updatedSince: longAgo, manager: nil, limit: nil)
            #expect(Dictionary(uniqueKeysWithValues: open.map { ($0.user, $0.state) }) == ["petrova": .accepted, "kozlov": .incoming])
        }
    }

    @Test(arguments: Engine.available) func historyClosesALegWhoseClosingEventWasLost(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            _ = try await store.recordEvent(Fixture.event(.incoming, callid: "L-1"))
            _ = try await store.recordEvent(Fixture.event(.accepted, callid: "L-1"))
            let closed = try await store.recordHistory(Fixture.history(callid: "L-1")).changedLegs
            #expect(closed.map(\.state) == [.completed])
            #expect(closed.map(\.reason) == [.completed])
            #expect(try await store.legs(open: true, updatedSince: longAgo, manager: nil, limit: nil).isEmpty)
            // A late event after the history cannot reopen it, and a retried history closes nothing again.
            #expect(try await store.recordEvent(Fixture.event(.incoming, callid: "L-1")).isEmpty)
            #expect(try await store.recordHistory(Fixture.history(callid: "L-1")).changedLegs.isEmpty)
            #expect(try await store.legs(open: true, updatedSince: longAgo, manager: nil, limit: nil).isEmpty)
        }
    }

    @Test(arguments: Engine.available) func aMissedHistoryClosesTheLegAsCancelled(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            _ = try await store.recordEvent(Fixture.event(.incoming, callid: "M-1"))
            let closed = try await store.recordHistory(Fixture.history(callid: "M-1", duration: 0, status: .missed)).changedLegs
            #expect(closed.map(\.state) == [.cancelled])
            #expect(closed.map(\.reason) == [.missed])
        }
    }

    @Test(arguments: Engine.available) func openLegsOlderThanTheCutoffAreLeftOut(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            _ = try await store.recordEvent(Fixture.event(.incoming, callid: "A-1", at: -3600))
            _ = try await store.recordEvent(Fixture.event(.incoming, callid: "A-2"))
            let recent = try await store.legs(open: true, updatedSince: Date().addingTimeInterval(-600), manager: nil, limit: nil)
            #expect(recent.map(\.callid) == ["A-2"])
        }
    }

    @Test(arguments: Engine.available) func eventExtrasAreKeptWithTheEvent(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let request = EventRequest(
                type: .transferred, phone: PhoneNumber("79161234567"), user: "ivanov", callid: "T-5", groupRealName: "Продажи",
                ext: "101", secondCallid: "T-5b", extras: ["missedStatus": "0"]
            )
            _ = try await store.recordEvent(ReceivedEvent(request: request, manager: "ivanov", contact: nil, receivedAt: Date()))
            let event = try #require(try await store.events(callid: "T-5").first)
            #expect(event.extras == ["missedStatus": "0", "groupRealName": "Продажи", "ext": "101", "second_callid": "T-5b"])
        }
    }
}
