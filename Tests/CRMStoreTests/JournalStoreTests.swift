import CRMCore
import Foundation
import Testing

@testable import CRMStore

@Suite struct JournalStoreTests {
    private func entry(_ index: Int, callid: String? = nil, cmd: String = "contact") -> JournalEntry {
        JournalEntry(
            time: Date(timeIntervalSince1970: 1_796_112_902 + Double(index)), cmd: cmd, callid: callid ?? "C-\(index)",
            params: ["cmd": cmd, "crm_token": "***", "n": "\(index)"], status: 200, latencyMs: 0.25
        )
    }

    @Test(arguments: Engine.available) func retentionDropsTheOldest(engine: Engine) async throws {
        try await withStore(on: engine, journalRetention: 5) { store in
            try await store.appendJournal((0..<3).map { entry($0) })
            try await store.appendJournal((3..<8).map { entry($0) })
            try await store.appendJournal([entry(8)])
            let kept = try await store.journal(JournalFilter(limit: 100))
            #expect(kept.map(\.callid) == ["C-4", "C-5", "C-6", "C-7", "C-8"])
        }
    }

    @Test(arguments: Engine.available) func entriesReadBackAsWritten(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let written = JournalEntry(
                time: Date(timeIntervalSince1970: 1_796_112_902.5), cmd: nil, callid: nil, params: ["phone": "+7 916", "name": "Иван"],
                status: 401, latencyMs: 1.5, error: "missing or wrong token"
            )
            try await store.appendJournal([written])
            #expect(try await store.journal(JournalFilter()).map(\.withoutID) == [written])
        }
    }

    @Test(arguments: Engine.available) func filtersByCallidAndCommandNewestLimitOldestFirst(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            try await store.appendJournal([
                entry(0, callid: "X"), entry(1, callid: "Y"), entry(2, callid: "X", cmd: "event"), entry(3, callid: "X", cmd: "history"),
            ])
            #expect(try await store.journal(JournalFilter(callid: "X")).map(\.cmd) == ["contact", "event", "history"])
            #expect(try await store.journal(JournalFilter(callid: "X", cmd: "event")).count == 1)
            #expect(try await store.journal(JournalFilter(callid: "X", limit: 2)).map(\.cmd) == ["event", "history"])
        }
    }

    @Test(arguments: Engine.available) func aBatchOfAwkwardEntriesReadsBackExactly(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let written = [
                JournalEntry(
                    time: Date(timeIntervalSince1970: 1_796_112_902.123456), cmd: "contact", callid: #"q"u\o"te"#,
                    params: ["phone": "+7 (916) 123-45-67", "name": "Иван \"Грозный\"\n\t\u{01}", "link": "https://r.example/a|b"],
                    status: 200, latencyMs: 0.000123
                ),
                JournalEntry(time: Date(timeIntervalSince1970: 0), cmd: nil, callid: nil, params: [:], status: 0, latencyMs: 12_345.5, error: "ошибка \\ \""),
                JournalEntry(
                    time: Date(timeIntervalSince1970: 1_796_112_903), cmd: "history", callid: "📞",
                    parameters: ["cmd": "history", "crm_token": "secret", "cmd": "event"], status: 413, latencyMs: 1
                ),
            ]
            try await store.appendJournal(written)
            let read = try await store.journal(JournalFilter())
            #expect(read.map(\.withoutID) == written)
            #expect(read.map(\.id) == [1, 2, 3])
            #expect(read.last?.params == ["cmd": "event", "crm_token": "***"])
        }
    }

    @Test(arguments: Engine.available) func summariesKeepTheirClientSizeAndCount(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            let summary = JournalEntry(
                time: Date(timeIntervalSince1970: 1_796_112_902), cmd: nil, callid: nil, params: [:], status: 401,
                latencyMs: 0.5, error: "refused: 41 more requests", client: "10.0.0.7", requestBytes: 65_536, count: 41
            )
            try await store.appendJournal([summary])
            #expect(try await store.journal(JournalFilter()).map(\.withoutID) == [summary])
        }
    }

    @Test(arguments: Engine.available) func pagesGoBackFromACursor(engine: Engine) async throws {
        try await withStore(on: engine) { store in
            try await store.appendJournal((0..<10).map { entry($0) })
            let newest = try await store.journalIDs(JournalFilter(limit: 4))
            #expect(newest == [7, 8, 9, 10])
            let before = try await store.journalIDs(JournalFilter(before: newest[0], limit: 4))
            #expect(before == [3, 4, 5, 6])
            #expect(try await store.journalIDs(JournalFilter(before: 3, limit: 4)) == [1, 2])
        }
    }

    @Test(arguments: Engine.available) func theJournalIsBoundedInBytes(engine: Engine) async throws {
        // 40 entries of about 10 KiB against a 100 KiB bound: the oldest go, the newest stay.
        try await withStore(on: engine, journalMaximumBytes: 100 << 10) { store in
            for batch in 0..<8 {
                try await store.appendJournal((0..<5).map { index in
                    JournalEntry(
                        time: Date(), cmd: "event", callid: "B-\(batch * 5 + index)", params: ["v": String(repeating: "x", count: 10_000)],
                        status: 200, latencyMs: 0
                    )
                })
            }
            let kept = try await store.journal(JournalFilter(limit: 1000))
            #expect(kept.count < 10)
            #expect(kept.count >= 7)
            #expect(kept.last?.callid == "B-39")
            let bytes = kept.reduce(0) { $0 + ($1.params["v"]?.utf8.count ?? 0) }
            #expect(bytes <= 100 << 10)
        }
    }
}

extension JournalEntry {
    var withoutID: JournalEntry {
        var entry = self
        entry.id = nil
        return entry
    }
}
