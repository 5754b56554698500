import CRMCore
import Foundation
import GRDB
import PBXProtocol
import Testing

@testable import CRMStore

/// Reasons kept with the legs: set as legs close, corrected by later events and histories.
@Suite struct LegReasonStoreTests {
    private let longAgo = Date(timeIntervalSince1970: 0)

    @Test(arguments: Engine.available) func aRacingCancelledIsCorrectedByTheWinnersAccepted(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            for user in ["ivanov", "petrova"] { _ = try await store.recordEvent(Fixture.event(.incoming, callid: "G-1", user: user)) }
            let cancelled = try await store.recordEvent(Fixture.event(.cancelled, callid: "G-1", user: "ivanov"))
            #expect(cancelled.map(\.reason) == [.missed])

            // The winner's answer comes back first, then the correction of the loser.
            let accepted = try await store.recordEvent(Fixture.event(.accepted, callid: "G-1", user: "petrova"))
            #expect(accepted.map(\.user) == ["petrova", "ivanov"])
            #expect(accepted.map(\.reason) == [nil, .answeredElsewhere])
            #expect(accepted.last?.state == .cancelled)

            let completed = try await store.recordEvent(Fixture.event(.completed, callid: "G-1", user: "petrova"))
            #expect(completed.map(\.reason) == [.completed])
            let closed = try await store.legs(open: false, updatedSince: longAgo, manager: nil, limit: 10)
            let reasons = Dictionary(uniqueKeysWithValues: closed.map { ($0.user, $0.reason) })
            #expect(reasons == ["ivanov": .answeredElsewhere, "petrova": .completed])
        }
    }

    @Test(arguments: Engine.available) func aHistoryOfTheAnswerCorrectsLegsWhoseAnswerWasLost(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            for user in ["ivanov", "petrova"] {
                _ = try await store.recordEvent(Fixture.event(.incoming, callid: "H-1", user: user))
                _ = try await store.recordEvent(Fixture.event(.cancelled, callid: "H-1", user: user))
            }
            let changed = try await store.recordHistory(Fixture.history(callid: "H-1", user: "petrova", manager: "petrova")).changedLegs
            let reasons = Dictionary(uniqueKeysWithValues: changed.map { ($0.user, $0.reason) })
            #expect(reasons == ["petrova": .completed, "ivanov": .answeredElsewhere])
            // A retry changes nothing more.
            #expect(try await store.recordHistory(Fixture.history(callid: "H-1", user: "petrova", manager: "petrova")).changedLegs.isEmpty)
        }
    }

    @Test(arguments: Engine.available) func closedLegsAreListedNewestFirstPerManager(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            for (index, user) in ["ivanov", "petrova", "ivanov"].enumerated() {
                _ = try await store.recordEvent(Fixture.event(.incoming, callid: "N-\(index)", user: user, at: Double(index)))
                _ = try await store.recordEvent(Fixture.event(.cancelled, callid: "N-\(index)", user: user, at: Double(index)))
            }
            let ivanov = try await store.legs(open: false, updatedSince: longAgo, manager: "ivanov", limit: 10)
            #expect(ivanov.map(\.callid) == ["N-2", "N-0"])
            #expect(try await store.legs(open: false, updatedSince: longAgo, manager: nil, limit: 1).map(\.callid) == ["N-2"])
            #expect(try await store.legs(open: false, updatedSince: Date().addingTimeInterval(60), manager: nil, limit: 10).isEmpty)
        }
    }

    /// A database from before reasons existed: its closed legs get theirs when it is opened.
    @Test(arguments: Engine.available) func theMigrationGivesLegsClosedBeforeItTheirReasons(engine: Engine) async throws {
        try await withDatabase { database in
            try FileManager.default.createDirectory(at: database.directory, withIntermediateDirectories: true)
            let queue = try DatabaseQueue(path: database.path)
            try Schema.migrator.migrate(queue, upTo: "v2-expiring-values")
            try await queue.write { db in
                let legs: [(String, String, String, Double?)] = [
                    ("OLD-1", "ivanov", "CANCELLED", nil), ("OLD-1", "petrova", "COMPLETED", 5),
                    ("OLD-2", "ivanov", "CANCELLED", nil), ("OLD-3", "ivanov", "INCOMING", nil),
                ]
                for (callid, user, state, answered) in legs {
                    try db.execute(
                        sql: """
                            INSERT INTO call_leg (callid, user, state, is_open, direction, phone, started_at, answered_at, updated_at)
                            VALUES (?, ?, ?, ?, 'in', '+79161234567', 0, ?, 10)
                            """,
                        arguments: [callid, user, state, state == "INCOMING", answered]
                    )
                }
            }
            try queue.close()
            let store = try database.open()
            let reasons = try await store.legs(open: false, updatedSince: longAgo, manager: nil, limit: 10)
                .map { "\($0.callid)/\($0.user)=\($0.reason?.rawValue ?? "nil")" }
            #expect(Set(reasons) == ["OLD-1/ivanov=answered_elsewhere", "OLD-1/petrova=completed", "OLD-2/ivanov=missed"])
            #expect(try await store.legs(open: true, updatedSince: longAgo, manager: nil, limit: nil).map(\.reason) == [nil])
        }
    }
}
