import Foundation
import MiniCRMTesting
import Testing

/// `minicrm bench` end to end at toy sizes, as a subprocess, exactly as an operator runs it: it
/// generates a database, starts `minicrm serve`, drives it with wrk and the stream and search
/// clients, and writes the Markdown report. Seconds, not minutes; it only keeps the harness from
/// rotting (the numbers of a debug build on a toy database mean nothing).
///
/// The `minicrm` executable is `$MINICRM_EXECUTABLE`, or `.build/debug/minicrm` of this package
/// (`swift build --build-tests` makes it). wrk must be installed (`bash Tests/test.sh` does it).
@Suite struct BenchSmokeTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    static var executable: String {
        ProcessInfo.processInfo.environment["MINICRM_EXECUTABLE"]
            ?? packageRoot.appendingPathComponent(".build/debug/minicrm").path
    }

    @Test(.timeLimit(.minutes(2))) func theBenchmarkRunsEndToEndAndReportsEveryFigure() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk"),
            "wrk is not installed: apt-get install wrk (bash Tests/test.sh installs it)"
        )
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.executable),
            "no minicrm executable at \(Self.executable): run `swift build --build-tests` first, or set MINICRM_EXECUTABLE"
        )
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-bench-smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("BENCHMARKS.md")

        let started = ContinuousClock.now
        // At the lowest priority (the server and wrk inherit it): the run saturates both cores for a
        // few seconds, and the suite's timing-sensitive tests run beside it.
        let result = try await ChildProcess.run(
            "/usr/bin/nice",
            [
                "-n", "19", Self.executable, "bench", "--database", directory.appendingPathComponent("bench.sqlite").path, "--contacts", "2000", "--calls", "2000",
                "--duration", "1", "--stream-managers", "4", "--tabs", "2", "--events-per-second", "20", "--search-rounds", "2",
                "--output", report.path,
            ],
            timeout: .seconds(90)
        )
        #expect(result.status == 0, "minicrm bench failed:\n\(result.output)")
        #expect(ContinuousClock.now - started < .seconds(60), "the smoke run is meant to take seconds")

        let markdown = try String(contentsOf: report, encoding: .utf8)
        // The sizes are counted in the database, not taken from the flags.
        #expect(markdown.contains("Database: 2000 contacts, 2000 calls;"), "\(markdown)")
        for row in [
            "| contact (known and unknown, mixed formats) | ", "| contact / health | ", "| history rows stored | ",
            "| pop-ups delivered / expected | ", "| search /api/contacts?q=", "| RSS at rest (directory loaded) | ",
            "| RSS after the contact and history load | ", "| RSS with the streams open | ", "| start → first 200 on /health | ",
            "| minicrm generate (this run) | ", "| start → phone directory loaded", "| SIGTERM → exit, 8 streams open | ",
        ] {
            #expect(markdown.contains(row), "the report has no \(row) row:\n\(markdown)")
        }
        // Every pop-up reached every tab.
        #expect(markdown.contains("(lost 0)"), "pop-ups were lost:\n\(markdown)")
        #expect(markdown.contains("| pop-ups lost | 0 | 0 | met |"))
        // Every acknowledged history is stored.
        #expect(markdown.contains("| history durability | every acknowledged row stored |"))
        #expect(!markdown.contains("| history durability | every acknowledged row stored | 0 stored"))
        for target in ["contact throughput", "contact p99", "history ingest", "pop-up latency p99", "search p99", "RSS", "ready to serve", "SIGTERM with the streams open"] {
            #expect(markdown.contains("| \(target) | "), "the report has no \(target) target:\n\(markdown)")
        }
    }
}
