import Foundation

/// A request refused before its token was accepted (a wrong or missing token, a body too large,
/// more parameters than any PBX sends): what the journal keeps of it instead of its parameters.
public struct Rejection: Sendable, Equatable {
    public var time: Date
    public var cmd: String?
    public var status: Int
    public var client: String?
    public var requestBytes: Int
    public var reason: String
    public var latencyMs: Double

    public init(time: Date, cmd: String?, status: Int, client: String?, requestBytes: Int, reason: String, latencyMs: Double) {
        self.time = time
        // The sender chose `cmd`: it is kept short.
        self.cmd = cmd.map { String($0.prefix(32)) }
        self.status = status
        self.client = client
        self.requestBytes = requestBytes
        self.reason = reason
        self.latencyMs = latencyMs
    }
}

/// Refusals summarized per client and minute: the first refusal of a client in a minute becomes an
/// entry at once (a PBX with a wrong token shows up immediately); the rest of that minute become one
/// entry that counts them. A flood of anonymous requests costs the journal two rows a minute per
/// client, and the clients tracked are bounded too.
struct RejectionSummaries {
    private struct Window {
        var started: Date
        var first: Rejection
        /// Refusals after the first.
        var count = 0
        var bytes = 0
        var statuses = Set<Int>()
        var maximumLatencyMs = 0.0
    }

    private var windows: [String: Window] = [:]
    let length: TimeInterval
    let maximumClients: Int

    init(length: TimeInterval = 60, maximumClients: Int = 1024) {
        self.length = length
        self.maximumClients = maximumClients
    }

    /// The entries to journal now because of `rejection`.
    mutating func add(_ rejection: Rejection) -> [JournalEntry] {
        var key = rejection.client ?? "unknown"
        if windows[key] == nil, windows.count >= maximumClients { key = Self.otherClients }
        var entries: [JournalEntry] = []
        if var window = windows[key] {
            if rejection.time < window.started.addingTimeInterval(length) {
                window.count += 1
                window.bytes += rejection.requestBytes
                window.statuses.insert(rejection.status)
                window.maximumLatencyMs = max(window.maximumLatencyMs, rejection.latencyMs)
                windows[key] = window
                return []
            }
            entries += Self.summary(of: window, client: key)
        }
        windows[key] = Window(started: rejection.time, first: rejection)
        var first = rejection
        if key == Self.otherClients { first.client = key }
        entries.append(Self.entry(for: first))
        return entries
    }

    /// Entries for the windows that are over at `now`, which are forgotten.
    mutating func due(at now: Date) -> [JournalEntry] {
        var entries: [JournalEntry] = []
        for (key, window) in windows where now >= window.started.addingTimeInterval(length) {
            entries += Self.summary(of: window, client: key)
            windows[key] = nil
        }
        return entries
    }

    static let otherClients = "(other clients)"

    private static func entry(for rejection: Rejection) -> JournalEntry {
        JournalEntry(
            time: rejection.time, cmd: rejection.cmd, callid: nil, params: [:], status: rejection.status,
            latencyMs: rejection.latencyMs, error: "refused: \(rejection.reason)", client: rejection.client,
            requestBytes: rejection.requestBytes
        )
    }

    private static func summary(of window: Window, client: String) -> [JournalEntry] {
        guard window.count > 0 else { return [] }
        let statuses = window.statuses.sorted().map(String.init).joined(separator: ", ")
        return [
            JournalEntry(
                time: window.started, cmd: nil, callid: nil, params: [:], status: window.statuses.max() ?? 0,
                latencyMs: window.maximumLatencyMs,
                error: "refused: \(window.count) more requests from \(client) in the minute after the first (status \(statuses))",
                client: client, requestBytes: window.bytes, count: window.count
            )
        ]
    }
}
