import ArgumentParser
import Foundation
import Logging
import PBXTools
import Synchronization

struct Conformance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check any CRM's integration endpoint against the protocol, as a PBX sees it.",
        discussion: """
            Prints a table of checks with PASS, WARN or FAIL and why (--format json or junit for CI); exits 1 on any FAIL,
            and 2 after one line when the endpoint does not answer at all.
            Example: minicrm conformance --crm http://127.0.0.1:8080/crm_integration --token T --known-phone 79161234567 \\
                       --inspect-url 'http://127.0.0.1:8080/api/calls?callid={callid}' --inspect-login admin:admin
            """
    )

    @Option(help: "The CRM's integration URL, as the PBX was given it.") var crm: String?
    @Option(help: "The crm_token the CRM expects.") var token: String?
    @Option(help: "A caller the CRM knows, looked up in every phone format.") var knownPhone: String?
    @Option(help: "The contact_name the known caller must have.") var knownName: String?
    @Option(help: "Comma-separated user ids `users` must list; events are sent for the first.") var usersExpected: String?
    @Option(help: "URL that lists the stored calls of {callid}, answering {\"total\":N}, {\"items\":[…]} or an array.")
    var inspectURL: String?
    @Option(help: "login:password for MiniCRM's /api/login at the inspect URL's origin.") var inspectLogin: String?
    @Option(help: "contact requests in the latency burst.") var burst: Int = 200
    @Option(help: "How many of them at once.") var burstConcurrency: Int = 16
    @Option(help: "Seconds to wait for each answer.") var timeout: Double = 5
    @Option(help: "Comma-separated check ids or groups to run (token, contact.unknown, …); default all.") var only: String?
    @Flag(help: "List the checks and exit.") var list = false
    @Flag(help: "Print every reason whole instead of cut to the table's width.") var verbose = false
    @OptionGroup var reporting: ReportOptions

    func validate() throws {
        guard list || (crm != nil && token != nil) else { throw ValidationError("--crm and --token are required") }
        guard burst >= 1, burstConcurrency >= 1 else { throw ValidationError("--burst and --burst-concurrency must be at least 1") }
        if let inspectURL, !inspectURL.contains("{callid}") { throw ValidationError("--inspect-url must contain {callid}") }
        if let inspectLogin, ConformanceOptions.Credentials(inspectLogin) == nil {
            throw ValidationError("--inspect-login must be login:password")
        }
    }

    func run() async throws {
        guard !list else {
            print(TextTable(headers: ["CHECK", "WHAT"], rows: ConformanceCheck.standard.map { [$0.id, $0.title] }).render())
            return
        }
        guard let crm, let token else { return }
        let options = ConformanceOptions(
            crmURL: crm, token: token, knownPhone: knownPhone, knownName: knownName, expectedUsers: usersExpected.map(userList) ?? [],
            inspectURL: inspectURL, inspectLogin: inspectLogin.flatMap(ConformanceOptions.Credentials.init), burstRequests: burst,
            burstConcurrency: burstConcurrency, requestTimeout: .seconds(timeout)
        )
        var logger = Logger(label: "minicrm.conformance")
        logger.logLevel = .error
        let runner = ConformanceRunner(options: options, logger: logger).selecting(only.map(userList) ?? [])
        let total = runner.checks.count
        let finished = Counter()
        let report: ConformanceReport
        do {
            report = try await runner.run { report in
                let line = "[\(finished.increment())/\(total)] \(report.verdict.rawValue) \(report.id)\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
        } catch let unreachable as EndpointUnreachable {
            FileHandle.standardError.write(Data("minicrm conformance: \(unreachable)\n".utf8))
            throw ExitCode(2)
        }
        try reporting.emit(report, console: report.table(maxReasonWidth: verbose ? .max : 110))
        if report.failed { throw ExitCode.failure }
    }
}

/// Progress numbering from the runner's callback.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
}
