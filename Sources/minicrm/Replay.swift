import ArgumentParser
import Foundation
import Logging
import PBXTools

struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send recorded PBX traffic to any CRM and report every answer that differs from the recorded one.",
        discussion: """
            FILE is NDJSON, one exchange a line — {"time":"2026-12-01T08:15:02Z","params":{…},"status":200,"answer":{…}} — with
            crm_token redacted as *** (it is sent as --token), or the shared fixture format ({"scenarios":[…]}, expecting 200 for
            every request). Exits non-zero on any difference.
            Example: minicrm replay --crm http://127.0.0.1:8080/crm_integration --token T traffic.ndjson --speed 10
            """
    )

    @Option(help: "The CRM's integration URL, as the PBX was given it.") var crm: String
    @Option(help: "The crm_token the CRM expects; replaces the recorded ***.") var token: String
    @Argument(help: "The recorded exchanges.") var file: String
    @Option(help: "Replay the recorded spacing this many times faster.") var speed: Double = 1
    @Flag(help: "Send every exchange as soon as the previous one is answered.") var asFastAsPossible = false
    @Option(help: "Seconds to wait for each answer.") var timeout: Double = 10
    @OptionGroup var reporting: ReportOptions

    func validate() throws {
        guard speed > 0 else { throw ValidationError("--speed must be above 0") }
    }

    func run() async throws {
        let entries: [ReplayFile.Entry]
        do {
            entries = try ReplayFile.entries(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw ValidationError("\(file): \(error)")
        }
        var logger = Logger(label: "minicrm.replay")
        logger.logLevel = .error
        let result = try await CRMEndpointClient.withConnections(1, url: crm, token: token, timeout: .seconds(timeout)) { client in
            let replayer = Replayer(client: client, pacing: asFastAsPossible ? .asFastAsPossible : .recorded(speed: speed), logger: logger)
            return await replayer.run(entries) { outcome in
                if !outcome.differences.isEmpty { reporting.progress(ReplayReport.line(outcome)) }
            }
        }
        let outcome = ReplayReport(url: crm, file: file, result: result)
        try reporting.emit(outcome, console: outcome.summary)
        if result.failed { throw ExitCode.failure }
    }
}
