import ArgumentParser
import BenchmarkData
import Logging

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a large, realistic database for benchmarks (replaces the file).")

    @Option(help: "The SQLite file to write.")
    var database = "bench.sqlite"

    @Option(help: "How many contacts (about 1.3 phones each).")
    var contacts = 1_000_000

    @Option(help: "How many calls, spread over the last year.")
    var calls = 1_000_000

    @Option(help: "How many managers (m1…mN, password demo), besides admin/admin.")
    var managers = 200

    func run() async throws {
        let logger = Logger(label: "minicrm.generate")
        let summary = try await DatabaseGenerator(contacts: contacts, calls: calls, managers: managers)
            .generate(at: database) { logger.info("Generating", metadata: ["done": "\($0)"]) }
        logger.notice(
            "Database ready",
            metadata: [
                "path": "\(database)", "managers": "\(summary.managers)", "contacts": "\(summary.contacts)",
                "phones": "\(summary.phones)", "calls": "\(summary.calls)", "elapsed": "\(summary.elapsed)",
            ]
        )
    }
}
