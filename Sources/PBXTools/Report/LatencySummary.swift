/// Percentiles of a set of request latencies.
public struct LatencySummary: Sendable, Equatable {
    public let count: Int
    private let sorted: [Duration]

    public init(_ latencies: [Duration]) {
        sorted = latencies.sorted()
        count = latencies.count
    }

    /// The nearest-rank percentile: `percentile(99)` is the latency 99 % of requests stayed within.
    public func percentile(_ percent: Double) -> Duration? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    public var p50: Duration? { percentile(50) }
    public var p99: Duration? { percentile(99) }
    public var max: Duration? { sorted.last }

    /// `p50 2.1 ms, p99 9.8 ms, max 12 ms`, or `no answers`.
    public var description: String {
        guard let p50, let p99, let max else { return "no answers" }
        return "p50 \(p50.formattedMilliseconds), p99 \(p99.formattedMilliseconds), max \(max.formattedMilliseconds)"
    }
}

extension Duration {
    /// `0.8 ms`, `12 ms`, `1250 ms`: short, for one-line reports.
    public var formattedMilliseconds: String {
        let value = inMilliseconds
        return value < 10 ? "\((value * 10).rounded() / 10) ms" : "\(Int(value.rounded())) ms"
    }
}
