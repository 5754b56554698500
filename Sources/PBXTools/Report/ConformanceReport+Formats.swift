import Foundation

/// `minicrm conformance --format json|junit`: every check's id, verdict, whole reason and time.
extension ConformanceReport: FormattedReport {
    public var text: String { table() }

    public var json: String {
        ReportJSON.encode(
            JSONReport(
                url: url, verdict: verdictName, startedAt: ReportJSON.timestamp(startedAt), elapsedMs: ReportJSON.milliseconds(elapsed),
                passed: count(.pass), warnings: count(.warn), failed: count(.fail),
                checks: checks.map { check in
                    JSONReport.Check(
                        id: check.id, title: check.title, result: check.verdict.rawValue, verified: check.result.isVerified,
                        reason: check.result.reason, elapsedMs: ReportJSON.milliseconds(check.elapsed)
                    )
                }
            )
        )
    }

    /// One test case per check: a FAIL is a failure, a WARN that could not be verified is skipped,
    /// any other WARN passes with its reason beside it.
    public var junit: String {
        JUnitXML(
            name: "minicrm conformance", timestamp: startedAt, time: elapsed, properties: [("url", url), ("verdict", verdictName)],
            cases: checks.map { check in
                let outcome: JUnitXML.Outcome =
                    switch check.verdict {
                    case .pass: .passed
                    case .warn where !check.result.isVerified: .skipped(message: check.result.reason)
                    case .warn: .passed
                    case .fail: .failed(message: check.result.reason, details: "\(check.title)\n\(check.result.reason)")
                    }
                return JUnitXML.TestCase(
                    name: check.id, classname: "conformance." + (check.id.split(separator: ".").first.map(String.init) ?? check.id),
                    time: check.elapsed, outcome: outcome, output: "\(check.verdict.rawValue): \(check.result.reason)"
                )
            }
        ).render()
    }

    /// When the run began.
    public var startedAt: Date { finishedAt.addingTimeInterval(-elapsed.inSeconds) }

    /// `CONFORMANT`, `CONFORMANT, with warnings` or `NOT CONFORMANT`.
    public var verdictName: String {
        count(.fail) > 0 ? "NOT CONFORMANT" : count(.warn) > 0 ? "CONFORMANT, with warnings" : "CONFORMANT"
    }

    private struct JSONReport: Encodable {
        struct Check: Encodable {
            var id, title, result: String
            var verified: Bool
            var reason: String
            var elapsedMs: Double

            enum CodingKeys: String, CodingKey {
                case id, title, result, verified, reason, elapsedMs = "elapsed_ms"
            }
        }

        var url, verdict, startedAt: String
        var elapsedMs: Double
        var passed, warnings, failed: Int
        var checks: [Check]

        enum CodingKeys: String, CodingKey {
            case url, verdict, startedAt = "started_at", elapsedMs = "elapsed_ms", passed, warnings, failed, checks
        }
    }
}
