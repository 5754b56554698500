import Prometheus
import Synchronization

/// What a PBX team's Prometheus scrapes from `/metrics`: the integration endpoint's requests by
/// command and status, their latency, and the live state (open streams, the phone index).
/// One registry per app, so every test server counts its own.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let latency: DurationHistogram
    private let streams: Gauge
    private let directoryReady: Gauge
    private let journalDropped: Counter
    /// The registry keys counters by name and labels; caching them spares the hot path that lookup.
    private let counters = Mutex<[String: Counter]>([:])

    init() {
        latency = registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "minicrm", metricName: "integration_request_duration", unitName: "seconds",
                helpText: "Time to answer a request to /crm_integration, body read included."
            ),
            buckets: [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                      .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(1)]
        )
        streams = registry.makeGauge(descriptor: .init(namespace: "minicrm", metricName: "event_streams", unitName: "", helpText: "Open /api/stream connections."))
        journalDropped = registry.makeCounter(
            descriptor: .init(
                namespace: "minicrm", metricName: "journal_dropped_entries", unitName: "total",
                helpText: "Journal entries dropped after their writes kept failing (a full or read-only disk)."
            )
        )
        directoryReady = registry.makeGauge(
            descriptor: .init(namespace: "minicrm", metricName: "phone_directory_ready", unitName: "", helpText: "1 once contact lookups are answered from memory.")
        )
    }

    func recordIntegrationRequest(cmd: String?, status: Int, latency duration: Duration) {
        let command = cmd.flatMap { Self.knownCommands.contains($0) ? $0 : nil } ?? "other"
        let key = "\(command) \(status)"
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.makeCounter(
                descriptor: .init(namespace: "minicrm", metricName: "integration_requests", unitName: "total",
                                  helpText: "Requests to /crm_integration by cmd and HTTP status."),
                labels: [("cmd", command), ("status", String(status))]
            )
            counters[key] = counter
            return counter
        }
        counter.increment()
        latency.record(duration)
    }

    func recordJournalDrop(_ entries: Int) {
        journalDropped.increment(by: Int64(entries))
    }

    /// The exposition text, with the live gauges read now.
    func exposition(openStreams: Int, directoryIsReady: Bool) -> [UInt8] {
        streams.set(to: Double(openStreams))
        directoryReady.set(to: directoryIsReady ? 1 : 0)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    /// Anything else a caller sends as `cmd` is counted as `other`, so a scanner cannot grow the label set.
    static let knownCommands: Set<String> = ["users", "user", "contact", "event", "history", "rating"]
}
