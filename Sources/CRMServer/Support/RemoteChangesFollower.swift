import CRMCore
import Logging
import ServiceLifecycle

/// Follows what the other instances sharing the database commit: their live messages go to this
/// instance's hub, under the ids the database gave them, and changed settings (the crm_token among
/// them) are read again. With a database only this process uses there is nothing to follow. When
/// the server stops, the store lets go of the database.
struct RemoteChangesFollower: Service {
    let store: any CRMStore
    let integration: Integration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            for await change in store.remoteChanges() {
                switch change {
                case .live(let id, let manager, let payload):
                    integration.hub.publish(payload, for: manager, id: id)
                case .settings:
                    do {
                        try await integration.reloadSettings()
                    } catch {
                        logger.error("Settings changed elsewhere but could not be read", metadata: ["error": "\(error)"])
                    }
                }
            }
            // Nothing to follow: stay until shutdown.
            try await gracefulShutdown()
        }
        await store.close()
    }
}
