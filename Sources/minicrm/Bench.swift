import ArgumentParser
import BenchmarkData
import Foundation
import Logging
import PBXTools

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure MiniCRM against its performance targets (run a release build: swift run -c release minicrm bench).")

    @Option(help: "The benchmark database; generated when missing.")
    var database = "bench.sqlite"

    @Option(help: "Contacts in a generated database.")
    var contacts = 1_000_000

    @Option(help: "Calls in a generated database.")
    var calls = 1_000_000

    @Flag(help: "Generate the database even if it exists.")
    var regenerate = false

    @Option(help: "Seconds of load per wrk phase.")
    var duration = 10

    @Option(help: "Managers with open streams (m1…mN).")
    var streamManagers = 200

    @Option(help: "Streams (tabs) per manager.")
    var tabs = 5

    @Option(help: "Events per second during the stream phase.")
    var eventsPerSecond = 100

    @Option(help: "Rounds of search queries.")
    var searchRounds = 5

    @Option(help: "Append the results to this Markdown file (e.g. BENCHMARKS.md).")
    var output: String?

    @Flag(help: "Exit with status 2 when a target is missed.")
    var checkTargets = false

    func run() async throws {
        let logger = Logger(label: "minicrm.bench")
        var generationTime: Duration?
        if regenerate || !FileManager.default.fileExists(atPath: database) {
            logger.notice("Generating the database", metadata: ["contacts": "\(contacts)", "calls": "\(calls)"])
            let summary = try await DatabaseGenerator(contacts: contacts, calls: calls, managers: max(streamManagers, 1))
                .generate(at: database) { logger.info("Generating", metadata: ["done": "\($0)"]) }
            logger.notice("Database ready", metadata: ["elapsed": "\(summary.elapsed)"])
            generationTime = summary.elapsed
        }
        var configuration = Benchmark.Configuration(
            executable: URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path, database: database
        )
        configuration.duration = .seconds(duration)
        configuration.streamDuration = .seconds(duration)
        configuration.streamManagers = streamManagers
        configuration.tabs = tabs
        configuration.eventsPerSecond = eventsPerSecond
        configuration.searchRounds = searchRounds
        var report = try await Benchmark(configuration: configuration) { logger.info("Measuring", metadata: ["phase": "\($0)"]) }.run()
        report.generationTime = generationTime
        let markdown = report.markdown(command: (["minicrm"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
        print(markdown)
        if let output {
            let handle = FileManager.default.fileExists(atPath: output) ? try FileHandle(forWritingTo: URL(fileURLWithPath: output)) : nil
            if let handle {
                handle.seekToEndOfFile()
                handle.write(Data(("\n" + markdown).utf8))
                try handle.close()
            } else {
                try ("# MiniCRM benchmarks\n\n" + markdown).write(toFile: output, atomically: true, encoding: .utf8)
            }
        }
        if checkTargets, !report.allTargetsMet { throw ExitCode(2) }
    }
}
