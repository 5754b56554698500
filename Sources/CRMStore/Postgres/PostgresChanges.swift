import CRMCore
import Foundation
import Logging
import NIOCore
import PBXProtocol
internal import PostgresNIO
import Synchronization

/// What one instance's commits tell the others, by `NOTIFY minicrm` inside the committing
/// transaction (so it is heard only once committed). Payloads are small: what changed, never the
/// data; the committed rows are the source of truth.
enum Announcement {
    case managers
    case phones([PhoneNumber])
    case settings
    /// A data set was loaded: every index is rebuilt.
    case everything
    /// A live message was written to `live_message`.
    case live

    var payload: String {
        switch self {
        case .managers: "managers"
        case .phones(let phones): "phones " + phones.map(\.value).joined(separator: " ")
        case .settings: "settings"
        case .everything: "everything"
        case .live: "live"
        }
    }
}

extension PostgresStore {
    static func announce(_ announcement: Announcement, _ connection: PostgresConnection, logger: Logger) async throws {
        // A long list of phones would pass NOTIFY's 8000-byte limit: then every index reloads.
        let payload = announcement.payload.utf8.count < 7000 ? announcement.payload : Announcement.everything.payload
        try await connection.run("SELECT pg_notify('minicrm', \(payload))", logger: logger)
    }
}

/// Follows the other instances: listens on its own connection (not the pool's), applies what they
/// changed to this instance's indexes, and hands live messages and settings changes to the server.
/// After a reconnect, when a notification may have been lost, it reloads everything.
final class PostgresChanges: Sendable {
    private let url: PostgresURL
    private let logger: Logger
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let stream: AsyncStream<RemoteChange>
    private let sink: AsyncStream<RemoteChange>.Continuation
    /// The newest live message handed on.
    private let lastLive = Mutex<Int64>(0)

    init(url: PostgresURL, logger: Logger) {
        self.url = url
        self.logger = logger
        (stream, sink) = AsyncStream<RemoteChange>.makeStream()
    }

    var changes: AsyncStream<RemoteChange> { stream }

    func start(store: PostgresStore) {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { await self.follow(store) }
        }
    }

    func stop() {
        task.withLock { $0?.cancel() }
        sink.finish()
    }

    private func follow(_ store: PostgresStore) async {
        let newest = (try? await store.newestLiveMessage()) ?? 0
        lastLive.withLock { $0 = newest }
        var first = true
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: .init(host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable),
                    id: 0, logger: logger
                )
                defer { Task { try? await connection.close() } }
                try await connection.listen(on: "minicrm") { notifications in
                    if !first { await catchUp(store) }
                    first = false
                    for try await notification in notifications {
                        await apply(notification.payload, store)
                    }
                }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("Lost PostgreSQL notifications; reconnecting", metadata: ["error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Whatever may have been missed while not listening.
    private func catchUp(_ store: PostgresStore) async {
        await store.reloadManagers()
        await store.reloadPhoneIndex()
        sink.yield(.settings)
        await deliverLive(store)
    }

    private func apply(_ payload: String, _ store: PostgresStore) async {
        let parts = payload.split(separator: " ").map(String.init)
        switch parts.first {
        case "managers": await store.reloadManagers()
        case "phones": await store.refreshPhones(parts.dropFirst().map(PhoneNumber.init(stored:)))
        case "settings": sink.yield(.settings)
        case "everything": await catchUp(store)
        case "live": await deliverLive(store)
        default: break
        }
    }

    /// Hands on the live messages after the last one, in id order.
    private func deliverLive(_ store: PostgresStore) async {
        let after = lastLive.withLock { $0 }
        guard let messages = try? await store.liveMessages(after: after) else { return }
        for (id, manager, payload) in messages {
            sink.yield(.live(id: UInt64(id), manager: manager, payload: payload))
        }
        if let last = messages.last?.0 { lastLive.withLock { $0 = max($0, last) } }
    }
}
