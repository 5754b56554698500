import CRMCore
import Foundation
import GRDB
import PBXProtocol
import Synchronization
import Testing

@testable import CRMStore

/// A value shared by concurrent tasks of a test.
private final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    func get() -> Value { storage.withLock { $0 } }
    func update(_ change: (inout Value) -> Void) { storage.withLock { change(&$0) } }
}

/// Group commit: concurrent ingest writes share a transaction, each answered only after it committed.
@Suite struct GroupCommitTests {
    /// Holds the writer busy while `body` queues writes, so they all land in the next batch.
    private func whileWriterIsBusy<T: Sendable>(
        _ store: SQLiteStore, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let started = Shared(false)
        async let blocker: Void = store.writer.write { _ in
            started.update { $0 = true }
            Thread.sleep(forTimeInterval: 0.3)
        }
        while !started.get() { try await Task.sleep(for: .milliseconds(2)) }
        let result = try await body()
        try await blocker
        return result
    }

    @Test func concurrentHistoriesShareTransactionsAndAreAllStored() async throws {
        try await withSQLiteStore { store in
            let before = store.groupCommit.statistics
            try await whileWriterIsBusy(store) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<40 {
                        group.addTask { _ = try await store.recordHistory(Fixture.history(callid: "GC-\(index)")) }
                    }
                    try await group.waitForAll()
                }
            }
            let after = store.groupCommit.statistics
            #expect(after.writes - before.writes == 40)
            // Everything queued behind the busy writer went in far fewer transactions than writes.
            #expect(after.batches - before.batches < 10)
            #expect(try await store.calls(CallFilter(limit: 100)).total == 40)
        }
    }

    @Test func aWriteReturnsOnlyOnceItsTransactionCommitted() async throws {
        try await withSQLiteStore { store in
            let committed = Shared<[String]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let callid = "ACK-\(index)"
                        let history = Fixture.history(callid: callid)
                        _ = try await store.groupCommit.write { db in
                            let existing = try Int.fetchOne(db, sql: "SELECT count(*) FROM call")
                            db.afterNextTransaction { _ in committed.update { $0.append(callid) } }
                            return existing ?? 0
                        }
                        // The commit hook ran before the write returned …
                        #expect(committed.get().contains(callid))
                        // … and a history acknowledged is visible to every reader right away.
                        _ = try await store.recordHistory(history)
                        let stored = try await store.writer.read { db in
                            try Int.fetchOne(db, sql: "SELECT count(*) FROM call WHERE callid = ?", arguments: [callid])
                        }
                        #expect(stored == 1)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func aFailingWriteFailsAloneAndItsNeighboursAreStored() async throws {
        try await withSQLiteStore { store in
            let outcomes = try await whileWriterIsBusy(store) {
                try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                    for index in 0..<10 {
                        group.addTask {
                            do {
                                if index == 4 {
                                    // NOT NULL violated: this write, and only this one, must fail.
                                    _ = try await store.groupWrite { db in
                                        try db.execute(sql: "INSERT INTO call (callid) VALUES ('broken')")
                                    }
                                } else {
                                    _ = try await store.recordHistory(Fixture.history(callid: "N-\(index)"))
                                }
                                return (index, true)
                            } catch {
                                return (index, false)
                            }
                        }
                    }
                    var outcomes: [Int: Bool] = [:]
                    for try await (index, succeeded) in group { outcomes[index] = succeeded }
                    return outcomes
                }
            }
            #expect(outcomes.filter { !$0.value }.map(\.key) == [4])
            let stored = try await store.calls(CallFilter(limit: 100)).items.map(\.callid).sorted()
            #expect(stored == (0..<10).filter { $0 != 4 }.map { "N-\($0)" }.sorted())
        }
    }

    @Test func repeatsOfOneLegInOneBatchStayOneCall() async throws {
        try await withSQLiteStore { store in
            try await whileWriterIsBusy(store) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for duration in 1...8 {
                        group.addTask {
                            _ = try await store.recordHistory(Fixture.history(callid: "SAME-1", duration: duration))
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let calls = try await store.calls(CallFilter(callid: "SAME-1")).items
            #expect(calls.count == 1)
        }
    }

    @Test func contactWritesGetTheirTurnWhileIngestKeepsTheWriterBusy() async throws {
        try await withSQLiteStore { store in
            let stop = Shared(false)
            async let ingest: Int = {
                var count = 0
                while !stop.get() {
                    let round = count
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for lane in 0..<8 {
                            group.addTask { _ = try await store.recordHistory(Fixture.history(callid: "BUSY-\(round)-\(lane)")) }
                        }
                        try await group.waitForAll()
                    }
                    count += 1
                }
                return count
            }()
            let started = ContinuousClock.now
            let contact = try await store.createContact(ContactDraft(name: "Не ждёт", phones: [PhoneNumber("79260001122")]))
            #expect(ContinuousClock.now - started < .seconds(2))
            #expect(try await store.lookupContact(phone: PhoneNumber("79260001122"))?.contactID == contact.id)
            stop.update { $0 = true }
            #expect(try await ingest > 0)
        }
    }
}
