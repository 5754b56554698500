import Foundation
import Logging
import Synchronization
import Testing

@testable import CRMCore

@Suite struct JournalRecorderTests {
    /// A journal whose disk fails the first `failures` writes, as a full disk does until space is freed.
    final class FlakyJournal: JournalStore {
        let remainingFailures: Mutex<Int>
        let stored = Mutex<[JournalEntry]>([])

        init(failures: Int) { remainingFailures = Mutex(failures) }

        struct DiskFull: Error {}

        func appendJournal(_ entries: [JournalEntry]) async throws {
            let fails = remainingFailures.withLock { remaining -> Bool in
                defer { remaining -= 1 }
                return remaining > 0
            }
            if fails { throw DiskFull() }
            stored.withLock { $0.append(contentsOf: entries) }
        }
        func journalIDs(_ filter: JournalFilter) async throws -> [Int64] { [] }
        func journalEntries(ids: [Int64]) async throws -> [JournalEntry] { [] }
        func journalEntries(after: Int64, in range: JournalRange, limit: Int) async throws -> [JournalEntry] { [] }
        func latestJournalTime() async throws -> Date? { nil }
    }

    static func entry(_ callid: String) -> JournalEntry {
        JournalEntry(time: Date(), cmd: "event", callid: callid, params: [:], status: 200, latencyMs: 1)
    }

    @Test func aFailedBatchIsRetriedAndNothingIsLost() async {
        let store = FlakyJournal(failures: 2)
        let drops = Mutex(0)
        let recorder = JournalRecorder(store: store, attempts: 6, onDrop: { count in drops.withLock { $0 += count } }, logger: Logger(label: "t"))
        recorder.record(Self.entry("A"))
        await recorder.flush()
        recorder.record(Self.entry("B"))
        await recorder.flush()
        await recorder.flush()
        #expect(store.stored.withLock { $0.map(\.callid) } == ["A", "B"])
        #expect(drops.withLock { $0 } == 0)
    }

    @Test func aBatchThatKeepsFailingIsDroppedAndCounted() async {
        let store = FlakyJournal(failures: 3)
        let drops = Mutex(0)
        let recorder = JournalRecorder(store: store, attempts: 3, onDrop: { count in drops.withLock { $0 += count } }, logger: Logger(label: "t"))
        recorder.record(Self.entry("A"))
        recorder.record(Self.entry("B"))
        for _ in 0..<3 { await recorder.flush() }
        #expect(drops.withLock { $0 } == 2)
        recorder.record(Self.entry("C"))
        await recorder.flush()
        #expect(store.stored.withLock { $0.map(\.callid) } == ["C"])
    }

    @Test func whatWaitsInMemoryIsBounded() async {
        let store = FlakyJournal(failures: 0)
        let drops = Mutex(0)
        let recorder = JournalRecorder(store: store, maximumPending: 10, onDrop: { count in drops.withLock { $0 += count } }, logger: Logger(label: "t"))
        for index in 0..<15 { recorder.record(Self.entry("E-\(index)")) }
        await recorder.flush()
        #expect(drops.withLock { $0 } == 5)
        #expect(store.stored.withLock { $0.first?.callid } == "E-5")
    }
}

@Suite struct RejectionSummariesTests {
    static func rejection(_ client: String, at seconds: TimeInterval, status: Int = 401) -> Rejection {
        Rejection(
            time: Date(timeIntervalSince1970: 1_000_000 + seconds), cmd: "contact", status: status, client: client, requestBytes: 100,
            reason: "missing or wrong token", latencyMs: 0.2
        )
    }

    @Test func theFirstRefusalOfAMinuteIsKeptAtOnceAndTheRestAreCounted() {
        var summaries = RejectionSummaries()
        let first = summaries.add(Self.rejection("10.0.0.1", at: 0))
        #expect(first.count == 1)
        #expect(first[0].cmd == "contact")
        #expect(first[0].client == "10.0.0.1")
        #expect(first[0].params.isEmpty)
        for second in 1..<500 { #expect(summaries.add(Self.rejection("10.0.0.1", at: Double(second) / 10)).isEmpty) }
        #expect(summaries.due(at: Date(timeIntervalSince1970: 1_000_030)).isEmpty)
        let counted = summaries.due(at: Date(timeIntervalSince1970: 1_000_060))
        #expect(counted.count == 1)
        #expect(counted[0].count == 499)
        #expect(counted[0].requestBytes == 49_900)
        #expect(summaries.due(at: Date(timeIntervalSince1970: 1_000_120)).isEmpty)
    }

    @Test func eachClientHasItsOwnMinute() {
        var summaries = RejectionSummaries()
        #expect(summaries.add(Self.rejection("10.0.0.1", at: 0)).count == 1)
        #expect(summaries.add(Self.rejection("10.0.0.2", at: 1)).count == 1)
        #expect(summaries.add(Self.rejection("10.0.0.1", at: 2)).isEmpty)
        // A refusal after the minute closes the old window and opens a new one.
        let later = summaries.add(Self.rejection("10.0.0.1", at: 70))
        #expect(later.map(\.count) == [1, 1])
    }

    @Test func theClientsTrackedAreBounded() {
        var summaries = RejectionSummaries(maximumClients: 3)
        for index in 0..<10 { _ = summaries.add(Self.rejection("10.0.0.\(index)", at: 0)) }
        let due = summaries.due(at: Date(timeIntervalSince1970: 1_000_100))
        #expect(due.map(\.client) == [RejectionSummaries.otherClients])
        #expect(due.first?.count == 6)
    }
}
