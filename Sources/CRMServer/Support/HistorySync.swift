import CRMCore
import Foundation
import Hummingbird
import Logging
import PBXClient
import PBXProtocol
import Synchronization

/// Fills in the calls MiniCRM missed from the PBX's own `history`: at start-up for the time it was
/// down, when the PBX is connected again or is heard again after a silence, and when an admin asks (Settings).
///
/// Filing is idempotent (`Integration.fill`), so a window may overlap what was already filed: the
/// gap at start-up begins an hour before the last PBX request or call MiniCRM saw, to take in the
/// calls that were going on when it stopped.
final class HistorySync: Sendable {
    /// What a sync did: `GET /api/pbx/history/sync` shows the last one.
    struct Outcome: ResponseEncodable, Sendable {
        var trigger: String
        var since: Date
        var until: Date
        var startedAt: Date
        var finishedAt: Date?
        /// Lines the PBX listed, and how many of them were calls MiniCRM had not filed.
        var received = 0
        var filed = 0
        var error: String?

        enum CodingKeys: String, CodingKey {
            case trigger, since, until, received, filed, error
            case startedAt = "started_at"
            case finishedAt = "finished_at"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(trigger, forKey: .trigger)
            try container.encode(since, forKey: .since)
            try container.encode(until, forKey: .until)
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(finishedAt, forKey: .finishedAt)
            try container.encode(received, forKey: .received)
            try container.encode(filed, forKey: .filed)
            try container.encode(error, forKey: .error)
        }
    }

    /// Lines asked for at a time; a longer window is read in pages.
    static let pageSize = 1000
    static let maximumPages = 200
    /// Calls going on when MiniCRM stopped started before the last request it saw.
    static let margin: TimeInterval = 3600
    /// The longest window one sync reads.
    static let maximumWindow: TimeInterval = 31 * 86_400
    /// What a sync without a window, or after a connect, reads: the last day.
    static let defaultWindow: TimeInterval = 86_400
    /// A PBX silent this long that is heard again may have pushed in vain meanwhile (MiniCRM unreachable, a wrong token).
    static let silence: TimeInterval = 600
    /// The setting that remembers how far a sync got, so the next start-up's gap begins there at the earliest.
    static let syncedUntilKey = "history_synced_until"

    private let integration: Integration
    private let connector: PBXConnector
    private let logger: Logger
    private let last = Mutex<Outcome?>(nil)
    private let lastHeard = Mutex<Date?>(nil)

    init(integration: Integration, connector: PBXConnector, logger: Logger) {
        self.integration = integration
        self.connector = connector
        self.logger = logger
    }

    var lastOutcome: Outcome? { last.withLock { $0 } }

    /// Where the gap in what MiniCRM saw begins: read before the server takes any request.
    func lastSeen() async -> Date? {
        let store = integration.store
        let synced = try? await store.settings()[Self.syncedUntilKey].flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
        let journal = try? await store.latestJournalTime()
        let call = try? await store.latestCallStart()
        return [synced ?? nil, journal ?? nil, call ?? nil].compactMap { $0 }.max()
    }

    /// The start-up sync: the gap since `lastSeen`, when a PBX is connected.
    func afterDowntime(lastSeen: Date?) async {
        guard integration.settings.isConnected, let lastSeen else { return }
        let now = Date()
        let since = max(lastSeen.addingTimeInterval(-Self.margin), now.addingTimeInterval(-Self.maximumWindow))
        _ = try? await run(since: since, until: now, trigger: "startup")
    }

    /// Runs a sync of the last day in the background: after the PBX is connected again.
    func afterConnect() {
        let now = Date()
        Task { _ = try? await run(since: now.addingTimeInterval(-Self.defaultWindow), until: now, trigger: "connect") }
    }

    /// Every request the PBX authenticates: the first after a silence of `silence` or more starts a
    /// sync of the silence in the background, as when the PBX reconnects after an outage. Returns
    /// whether it started one.
    @discardableResult
    func heard(at time: Date) -> Bool {
        let previous = lastHeard.withLock { last -> Date? in
            defer { if (last ?? .distantPast) < time { last = time } }
            return last
        }
        guard let previous, time.timeIntervalSince(previous) >= Self.silence, integration.settings.isConnected else { return false }
        Task { _ = try? await run(since: previous.addingTimeInterval(-Self.margin), until: time, trigger: "resumed") }
        return true
    }

    /// Reads the PBX's history for `since..<until`, page by page, and files what MiniCRM missed. A
    /// failure is kept as the last outcome too, and thrown.
    func run(since: Date, until: Date, trigger: String) async throws -> Outcome {
        var outcome = Outcome(trigger: trigger, since: since, until: until, startedAt: Date())
        do {
            let (client, token) = try connector.connectedClient(integration.settings)
            // The protocol's times are whole seconds: the window widens to them rather than lose a call.
            var start = Date(timeIntervalSince1970: since.timeIntervalSince1970.rounded(.down))
            let end = Date(timeIntervalSince1970: until.timeIntervalSince1970.rounded(.up))
            for _ in 0..<Self.maximumPages {
                let request = PBXHistoryRequest(start: start, end: end, limit: Self.pageSize)
                let records = try await PBXFailure.map { () async throws(PBXClientError) in
                    try await client.history(request, token: token)
                }
                outcome.received += records.count
                outcome.filed += try await integration.fill(from: records, at: Date()).count
                // A full page goes on from its last call's start; calls of that second come again and are known.
                guard records.count >= Self.pageSize, let next = records.map(\.start).max() else { break }
                start = next > start ? next : start.addingTimeInterval(1)
            }
            let store = integration.store
            let synced = try await store.settings()[Self.syncedUntilKey].flatMap(Double.init) ?? 0
            if until.timeIntervalSince1970 > synced {
                try await store.updateSettings([Self.syncedUntilKey: String(until.timeIntervalSince1970)])
            }
            logger.notice(
                "History synced", metadata: ["trigger": "\(trigger)", "received": "\(outcome.received)", "filed": "\(outcome.filed)"])
        } catch {
            outcome.error = (error as? APIError)?.message ?? "\(error)"
            outcome.finishedAt = Date()
            let failed = outcome
            last.withLock { $0 = failed }
            logger.warning("History sync failed", metadata: ["trigger": "\(trigger)", "error": "\(outcome.error ?? "")"])
            throw error
        }
        outcome.finishedAt = Date()
        let finished = outcome
        last.withLock { $0 = finished }
        return finished
    }
}
