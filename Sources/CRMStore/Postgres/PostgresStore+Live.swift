import CRMCore
import Foundation
import PBXProtocol
internal import PostgresNIO

/// The event streams of every instance, fed through `live_message`: a message is written and
/// announced in one transaction, and each instance's listener hands the messages it has not seen
/// to its hub, in id order, under the id the database gave them — so a tab that reconnects to
/// another instance with `Last-Event-ID` is understood there.
struct PostgresLiveFeed: LiveFeed {
    let store: PostgresStore

    func send(_ payload: LiveMessage.Payload, for manager: ManagerID?) async {
        do {
            try await store.writeLive(payload, for: manager)
        } catch {
            store.logger.error("A live message was not written", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}

extension PostgresStore {
    public var liveFeed: (any LiveFeed)? { PostgresLiveFeed(store: self) }

    public func remoteChanges() -> AsyncStream<RemoteChange> { changes.changes }

    func writeLive(_ payload: LiveMessage.Payload, for manager: ManagerID?) async throws {
        let text = JSONColumn.encode(payload)
        try await transaction { connection in
            try await connection.run(
                "INSERT INTO live_message (manager_id, payload, created_at) VALUES (\(manager), \(text), \(Date().timeIntervalSince1970))",
                logger: logger
            )
            try await Self.announce(.live, connection, logger: logger)
        }
    }

    func liveMessages(after id: Int64) async throws -> [(Int64, ManagerID?, LiveMessage.Payload)] {
        // Messages older than a few minutes are of no use to a reconnecting tab.
        try await client.run("DELETE FROM live_message WHERE created_at < \(Date().timeIntervalSince1970 - 600)", logger: logger)
        return try await client.run(
            "SELECT id, manager_id, payload FROM live_message WHERE id > \(id) ORDER BY id LIMIT 10000", logger: logger
        ).decode((Int64, String?, String).self).all().compactMap { row in
            (JSONColumn.decode(row.2) as LiveMessage.Payload?).map { (row.0, row.1, $0) }
        }
    }

    func newestLiveMessage() async throws -> Int64 {
        try await client.run("SELECT coalesce(max(id), 0) FROM live_message", logger: logger).decode(Int64.self).all().first ?? 0
    }

    /// Another instance changed these numbers' contacts: what they resolve to now.
    func refreshPhones(_ numbers: [PhoneNumber]) async {
        do {
            phones.apply(try await client.withConnection { connection in
                try await Self.phoneChanges(for: numbers, connection, logger: logger)
            })
        } catch {
            await reloadPhoneIndex()
        }
    }
}
