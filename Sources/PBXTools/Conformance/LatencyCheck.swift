import PBXProtocol
import Synchronization

extension ConformanceCheck {
    static let contactLatency = ConformanceCheck(
        id: "contact.latency", title: "contact under a concurrent burst: every answer 200, p99 within the PBX's ~1 s"
    ) { context in
        let options = context.options
        let total = max(1, options.burstRequests)
        let phones = (0..<total).map { index in
            // Mostly unknown callers, as real traffic is, with the known one mixed in.
            if let known = options.knownPhone, index % 4 == 0 { known } else { context.nextUnknownPhone() }
        }
        let queue = WorkQueue(count: total)
        let outcomes = await withTaskGroup(of: [BurstOutcome].self) { group in
            for _ in 0..<min(total, max(1, options.burstConcurrency)) {
                group.addTask {
                    var mine: [BurstOutcome] = []
                    while let index = queue.take() {
                        do {
                            let exchange = try await context.send(context.contact(phone: phones[index]))
                            mine.append(exchange.status == 200 ? .answered(exchange.latency) : .refused(exchange.status))
                        } catch {
                            mine.append(.unanswered("\(error)"))
                        }
                    }
                    return mine
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        let latencies = LatencySummary(outcomes.compactMap(\.latency))
        let summary = "\(total) at \(min(total, max(1, options.burstConcurrency))) at once: \(latencies.description)"
        let refused = outcomes.compactMap(\.refusal)
        if !refused.isEmpty {
            return .fail("\(refused.count) of \(total) failed (\(Set(refused).sorted().prefix(3).joined(separator: ", "))); \(summary)")
        }
        guard let p99 = latencies.p99 else { return .fail("no answers") }
        if p99 > options.latencyLimit { return .fail("p99 over \(options.latencyLimit.formattedMilliseconds): \(summary)") }
        if p99 > options.latencyWarning { return .warn("p99 over \(options.latencyWarning.formattedMilliseconds): \(summary)") }
        return .pass(summary)
    }
}

enum BurstOutcome: Sendable {
    case answered(Duration)
    case refused(Int)
    case unanswered(String)

    var latency: Duration? {
        if case .answered(let latency) = self { latency } else { nil }
    }

    var refusal: String? {
        switch self {
        case .answered: nil
        case .refused(let status): "HTTP \(status)"
        case .unanswered(let error): "no answer: \(error)"
        }
    }
}

/// Hands out the indices `0..<count` to concurrent workers, each exactly once.
final class WorkQueue: Sendable {
    private let next = Atomic<Int>(0)
    let count: Int

    init(count: Int) {
        self.count = count
    }

    func take() -> Int? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }
}
