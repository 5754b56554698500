import Foundation
import PBXProtocol

/// `minicrm simulate`'s outcome against one CRM, in every report format: one JUnit test case per
/// call, failing when any of its requests was not answered 200.
public struct SimulationReport: FormattedReport {
    public var url: String
    public var result: SimulationResult
    public var finishedAt: Date

    public init(url: String, result: SimulationResult, finishedAt: Date = Date()) {
        self.url = url
        self.result = result
        self.finishedAt = finishedAt
    }

    var startedAt: Date { finishedAt.addingTimeInterval(-result.elapsed.inSeconds) }

    /// Every request's line in the order they were sent, then the summary.
    public var text: String {
        (result.outcomes.sorted { $0.sentAt < $1.sentAt }.map(ExchangeLine.format) + ["", SimulationLines.summary(result)])
            .joined(separator: "\n") + "\n"
    }

    public var json: String {
        let latencies = result.latencies
        return ReportJSON.encode(
            JSONReport(
                url: url, startedAt: ReportJSON.timestamp(startedAt), elapsedMs: ReportJSON.milliseconds(result.elapsed),
                calls: result.scenarios.count, requests: result.outcomes.count, failed: result.failures.count,
                latency: .init(
                    p50Ms: latencies.p50.map(ReportJSON.milliseconds), p99Ms: latencies.p99.map(ReportJSON.milliseconds),
                    maxMs: latencies.max.map(ReportJSON.milliseconds)),
                scenarios: result.scenarios.map { played in
                    JSONReport.Call(
                        name: played.scenario.name, callid: played.scenario.callid, result: played.failed ? "FAIL" : "PASS",
                        elapsedMs: ReportJSON.milliseconds(played.elapsed), requests: played.outcomes.map(JSONReport.Request.init)
                    )
                }
            )
        )
    }

    public var junit: String {
        JUnitXML(
            name: "minicrm simulate", timestamp: startedAt, time: result.elapsed, properties: [("url", url)],
            cases: result.scenarios.map { played in
                JUnitXML.TestCase(
                    name: "\(played.scenario.name) \(played.scenario.callid)", classname: "simulate.\(played.scenario.name)",
                    time: played.elapsed,
                    outcome: played.failed ? .failed(message: played.failureReason, details: played.failureReason) : .passed,
                    output: played.outcomes.map(ExchangeLine.format).joined(separator: "\n")
                )
            }
        ).render()
    }

    private struct JSONReport: Encodable {
        struct Latency: Encodable {
            var p50Ms, p99Ms, maxMs: Double?
            enum CodingKeys: String, CodingKey { case p50Ms = "p50_ms", p99Ms = "p99_ms", maxMs = "max_ms" }
        }

        struct Call: Encodable {
            var name, callid, result: String
            var elapsedMs: Double
            var requests: [Request]
            enum CodingKeys: String, CodingKey { case name, callid, result, elapsedMs = "elapsed_ms", requests }
        }

        struct Request: Encodable {
            var request: String
            var parameters: [String: String]
            var sentAtMs: Double
            var status: Int?
            var latencyMs: Double?
            var answer: String?
            var error: String?

            enum CodingKeys: String, CodingKey {
                case request, parameters, sentAtMs = "sent_at_ms", status, latencyMs = "latency_ms", answer, error
            }

            init(_ outcome: StepOutcome) {
                request = ExchangeLine.commandLabel(outcome.step.request)
                parameters = outcome.step.request.parameters(crmToken: "").dictionary()
                sentAtMs = ReportJSON.milliseconds(outcome.sentAt)
                status = outcome.exchange?.status
                latencyMs = outcome.exchange.map { ReportJSON.milliseconds($0.latency) }
                answer = outcome.exchange?.bodyText
                error = outcome.error
            }
        }

        var url, startedAt: String
        var elapsedMs: Double
        var calls, requests, failed: Int
        var latency: Latency
        var scenarios: [Call]

        enum CodingKeys: String, CodingKey {
            case url, startedAt = "started_at", elapsedMs = "elapsed_ms", calls, requests, failed, latency, scenarios
        }
    }
}

extension ScenarioResult {
    /// From the first request sent to the last answer.
    var elapsed: Duration {
        guard let first = outcomes.first, let last = outcomes.last else { return .zero }
        return last.sentAt + (last.exchange?.latency ?? .zero) - first.sentAt
    }

    /// `event INCOMING → 401 {"error":"Invalid token"}; history in Success → no answer: …`.
    var failureReason: String {
        var reasons = outcomes.filter { !$0.succeeded }.map { outcome in
            let answer = outcome.exchange.map { "\($0.status) \($0.body.isEmpty ? "(empty body)" : $0.bodyText)" }
                ?? "no answer: \(outcome.error ?? "unknown error")"
            return "\(ExchangeLine.commandLabel(outcome.step.request)) → \(answer)"
        }
        if outcomes.count < scenario.steps.count { reasons.append("stopped after \(outcomes.count) of \(scenario.steps.count) requests") }
        return reasons.joined(separator: "; ")
    }
}
