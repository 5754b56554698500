import Foundation

/// `minicrm replay`'s outcome: every answer that differs from the recorded one, in every report
/// format; JUnit has one test case per exchange.
public struct ReplayReport: FormattedReport {
    public var url: String
    public var file: String
    public var result: ReplayResult
    public var finishedAt: Date

    public init(url: String, file: String, result: ReplayResult, finishedAt: Date = Date()) {
        self.url = url
        self.file = file
        self.result = result
        self.finishedAt = finishedAt
    }

    /// `12 exchanges, 1 different in 0.4 s: http://…`.
    public var summary: String {
        let count = result.outcomes.count
        return "\(count) \(count == 1 ? "exchange" : "exchanges"), \(result.differing.count) different "
            + "in \(String(format: "%.1f", result.elapsed.inSeconds)) s — \(url)"
    }

    /// `line 12  event INCOMING C1  status 200 → 500`.
    public static func line(_ outcome: ReplayOutcome) -> String {
        "\(outcome.entry.source)  \(outcome.label)  \(outcome.differences.joined(separator: "; "))"
    }

    public var text: String {
        (result.differing.map(Self.line) + [summary]).joined(separator: "\n") + "\n"
    }

    public var json: String {
        ReportJSON.encode(
            JSONReport(
                url: url, file: file, startedAt: ReportJSON.timestamp(finishedAt.addingTimeInterval(-result.elapsed.inSeconds)),
                elapsedMs: ReportJSON.milliseconds(result.elapsed), exchanges: result.outcomes.count, different: result.differing.count,
                outcomes: result.outcomes.map(JSONReport.Outcome.init)
            )
        )
    }

    public var junit: String {
        JUnitXML(
            name: "minicrm replay", timestamp: finishedAt.addingTimeInterval(-result.elapsed.inSeconds), time: result.elapsed,
            properties: [("url", url), ("file", file)],
            cases: result.outcomes.map { outcome in
                let differences = outcome.differences.joined(separator: "; ")
                return JUnitXML.TestCase(
                    name: "\(outcome.entry.source): \(outcome.label)", classname: "replay.\(outcome.entry.exchange.params["cmd"] ?? "none")",
                    time: outcome.exchange?.latency ?? .zero,
                    outcome: differences.isEmpty ? .passed : .failed(message: differences, details: differences), output: nil
                )
            }
        ).render()
    }

    private struct JSONReport: Encodable {
        struct Outcome: Encodable {
            var source, request: String
            var sentAtMs: Double
            var expectedStatus: Int
            var status: Int?
            var latencyMs: Double?
            var answer: String?
            var differences: [String]

            enum CodingKeys: String, CodingKey {
                case source, request, sentAtMs = "sent_at_ms", expectedStatus = "expected_status", status, latencyMs = "latency_ms", answer
                case differences
            }

            init(_ outcome: ReplayOutcome) {
                source = outcome.entry.source
                request = outcome.label
                sentAtMs = ReportJSON.milliseconds(outcome.sentAt)
                expectedStatus = outcome.entry.exchange.status
                status = outcome.exchange?.status
                latencyMs = outcome.exchange.map { ReportJSON.milliseconds($0.latency) }
                answer = outcome.exchange?.bodyText
                differences = outcome.differences
            }
        }

        var url, file, startedAt: String
        var elapsedMs: Double
        var exchanges, different: Int
        var outcomes: [Outcome]

        enum CodingKeys: String, CodingKey {
            case url, file, startedAt = "started_at", elapsedMs = "elapsed_ms", exchanges, different, outcomes
        }
    }
}
