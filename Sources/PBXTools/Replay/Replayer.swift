import Foundation
import Logging
import PBXProtocol

/// Sends recorded exchanges to a CRM in their order, with their original spacing scaled by
/// `speed` (or back to back), and compares every answer with the recorded one.
///
/// One request at a time: a call's requests keep their order whatever the CRM's latency, and an
/// exchange whose moment has passed while the previous one was answered goes out at once.
public struct Replayer: Sendable {
    public enum Pacing: Sendable, Equatable {
        /// The recorded gaps divided by `speed`: 10 replays an hour in six minutes.
        case recorded(speed: Double)
        case asFastAsPossible
    }

    public var client: CRMEndpointClient
    public var pacing: Pacing
    public var logger: Logger

    public init(client: CRMEndpointClient, pacing: Pacing = .recorded(speed: 1), logger: Logger = Logger(label: "minicrm.replay")) {
        self.client = client
        self.pacing = pacing
        self.logger = logger
    }

    /// Replays `entries`; `progress` hears of each as it is answered.
    public func run(_ entries: [ReplayFile.Entry], progress: @Sendable (ReplayOutcome) -> Void = { _ in }) async -> ReplayResult {
        let started = ContinuousClock.now
        let firstTime = entries.lazy.compactMap(\.exchange.time).first
        var outcomes: [ReplayOutcome] = []
        outcomes.reserveCapacity(entries.count)
        for entry in entries {
            if case .recorded(let speed) = pacing, let time = entry.exchange.time, let firstTime, speed > 0 {
                let due = started + .seconds(max(0, time.timeIntervalSince(firstTime)) / speed)
                do {
                    try await Task.sleep(until: due, clock: .continuous)
                } catch {
                    break
                }
            }
            if Task.isCancelled { break }
            let outcome = await replay(entry, sentAt: ContinuousClock.now - started)
            if !outcome.differences.isEmpty {
                logger.debug(
                    "Answer differs", metadata: ["source": "\(entry.source)", "difference": "\(outcome.differences.joined(separator: "; "))"])
            }
            outcomes.append(outcome)
            progress(outcome)
        }
        return ReplayResult(outcomes: outcomes, elapsed: ContinuousClock.now - started)
    }

    private func replay(_ entry: ReplayFile.Entry, sentAt: Duration) async -> ReplayOutcome {
        let parameters = Self.parameters(entry.exchange.params, token: client.token)
        do {
            let exchange = try await client.send(parameters: parameters)
            return ReplayOutcome(entry: entry, sentAt: sentAt, exchange: exchange, error: nil)
        } catch {
            return ReplayOutcome(entry: entry, sentAt: sentAt, exchange: nil, error: String(describing: error))
        }
    }

    /// `cmd` first, the rest by name, the redacted token replaced by `token`.
    static func parameters(_ recorded: [String: String], token: String) -> PBXParameters {
        let ordered = recorded.sorted { ($0.key == "cmd" ? "" : $0.key) < ($1.key == "cmd" ? "" : $1.key) }
        return PBXParameters(
            ordered.map { name, value in
                .init(name, name == CRMRequest.tokenParameter && value == RecordedExchange.redacted ? token : value)
            })
    }
}

/// One replayed exchange: what was recorded, what came back, and how they differ.
public struct ReplayOutcome: Sendable {
    public let entry: ReplayFile.Entry
    /// From the start of the replay.
    public let sentAt: Duration
    public let exchange: CRMEndpointClient.Exchange?
    public let error: String?
    /// Empty when the answer is the recorded one: the status, and the body compared as JSON (a
    /// body that is not JSON, as text against a recorded string).
    public let differences: [String]

    init(entry: ReplayFile.Entry, sentAt: Duration, exchange: CRMEndpointClient.Exchange?, error: String?) {
        self.entry = entry
        self.sentAt = sentAt
        self.exchange = exchange
        self.error = error
        let recorded = entry.exchange
        guard let exchange else {
            differences = ["no answer: \(error ?? "unknown error")"]
            return
        }
        var differences: [String] = []
        if exchange.status != recorded.status { differences.append("status \(recorded.status) → \(exchange.status)") }
        if let expected = recorded.answer {
            let actual = JSONValue(parsing: exchange.body) ?? .string(exchange.bodyText)
            if actual != expected { differences.append("answer \(expected.compactText) → \(actual.compactText)") }
        }
        self.differences = differences
    }

    /// `contact C1`, `event INCOMING C1`: what the exchange was, for a reader.
    public var label: String {
        let params = entry.exchange.params
        return [params["cmd"] ?? "(no cmd)", params["type"], params["callid"]].compactMap { $0 }.joined(separator: " ")
    }
}

/// A whole replay; `failed` when any answer differs from the recorded one.
public struct ReplayResult: Sendable {
    public var outcomes: [ReplayOutcome]
    public var elapsed: Duration

    public var differing: [ReplayOutcome] { outcomes.filter { !$0.differences.isEmpty } }
    public var failed: Bool { outcomes.contains { !$0.differences.isEmpty } }
}
