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

    @Test func retentionDropsTheOldest() async throws {
        try await withStore(journalRetention: 5) { store in
            try await store.appendJournal((0..<3).map { entry($0) })
            try await store.appendJournal((3..<8).map { entry($0) })
            try await store.appendJournal([entry(8)])
            let kept = try await store.journal(JournalFilter(limit: 100))
            #expect(kept.map(\.callid) == ["C-4", "C-5", "C-6", "C-7", "C-8"])
        }
    }

    @Test func entriesReadBackAsWritten() async throws {
        try await withStore { store in
            let written = JournalEntry(
                time: Date(timeIntervalSince1970: 1_796_112_902.5), cmd: nil, callid: nil, params: ["phone": "+7 916", "name": "Иван"],
                status: 401, latencyMs: 1.5, error: "missing or wrong token"
            )
            try await store.appendJournal([written])
            #expect(try await store.journal(JournalFilter()) == [written])
        }
    }

    @Test func filtersByCallidAndCommandNewestLimitOldestFirst() async throws {
        try await withStore { store in
            try await store.appendJournal([
                entry(0, callid: "X"), entry(1, callid: "Y"), entry(2, callid: "X", cmd: "event"), entry(3, callid: "X", cmd: "history"),
            ])
            #expect(try await store.journal(JournalFilter(callid: "X")).map(\.cmd) == ["contact", "event", "history"])
            #expect(try await store.journal(JournalFilter(callid: "X", cmd: "event")).count == 1)
            #expect(try await store.journal(JournalFilter(callid: "X", limit: 2)).map(\.cmd) == ["event", "history"])
        }
    }

    @Test func aBatchOfAwkwardEntriesReadsBackExactly() async throws {
        try await withStore { store in
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
            #expect(read == written)
            #expect(read.last?.params == ["cmd": "event", "crm_token": "***"])
        }
    }
}
