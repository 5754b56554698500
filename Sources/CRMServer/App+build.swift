import CRMCore
import CRMStore
import Foundation
import Hummingbird
import HummingbirdCore
import PBXClient
import Logging
import PBXProtocol
import ServiceLifecycle

/// Builds the whole server from its configuration: store, seed, integration, routes, services.
/// Tests call this with port 0 and a temporary database, exactly as `minicrm serve` does.
public func buildApplication(_ configuration: AppConfiguration) async throws -> some ApplicationProtocol {
    let (application, _) = try await buildMiniCRM(configuration)
    return application
}

public func buildMiniCRM(_ configuration: AppConfiguration) async throws -> (some ApplicationProtocol, MiniCRM) {
    let logger = configuration.logger ?? {
        var logger = Logger(label: "minicrm")
        logger.logLevel = configuration.logLevel
        return logger
    }()
    let openFiles = OpenFileLimit.raiseToMaximum()
    let store = try await StorageEngine.open(
        configuration.databasePath, defaultCountry: configuration.defaultCountry, journalMaximumBytes: configuration.journalMaximumBytes,
        synchronous: configuration.synchronous, wait: configuration.databaseWait, logger: logger
    )
    let dataSets = DataSets(
        store: store, administrator: AdminAccount(explicitPassword: configuration.adminPassword),
        defaultCountry: configuration.defaultCountry, seedPath: configuration.seedPath, logger: logger
    )
    try await dataSets.prepare()
    // A shared database numbers the live messages itself, for every instance alike.
    let hub = store.liveFeed == nil ? CallHub() : CallHub(firstID: 1)
    let integration = try await Integration.load(
        store: store, hub: hub, defaultCountry: configuration.defaultCountry, overridingToken: configuration.crmToken
    )
    let metrics = ServerMetrics()
    let journal = JournalRecorder(store: store, onDrop: { metrics.recordJournalDrop($0) }, logger: logger)
    let outbound = OutboundPolicy(allowsPrivateAddresses: configuration.allowPrivatePBX)
    var pbxClient = configuration.pbxClient
    pbxClient.outbound = outbound
    let connector = PBXConnector(configuration: pbxClient, logger: logger)
    let historySync = HistorySync(integration: integration, connector: connector, logger: logger)
    // Before the server takes a request: where the time MiniCRM was down begins.
    let lastSeen = await historySync.lastSeen()
    let policy = configuration.sessionPolicy
    let streams = OpenStreams(interval: configuration.streamHeartbeat, maximumPerManager: configuration.maximumStreamsPerManager) {
        await AccessControl.expiry(of: $0, store: store, policy: policy)
    }
    let crm = MiniCRM(
        store: store, integration: integration, journal: journal, configuration: configuration, dataSets: dataSets,
        address: BoundAddress(), connector: connector, metrics: metrics, historySync: historySync, routeTable: RouteTable(),
        streams: streams, outbound: outbound
    )
    let router = buildRouter(crm, logger: logger)
    crm.routeTable.set(router.routes.map { "\($0.method) \($0.path)" })
    let limits = configuration.connections
    let maximumConnections = limits.maximumConnections ?? ConnectionLimits.derivedMaximum(openFileLimit: openFiles)
    let registry = ConnectionRegistry(maximumConnections: maximumConnections)
    let application = Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(limits: limits, registry: registry)])),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "MiniCRM",
            availableConnectionsDelegate: MaximumAvailableConnections(maximumConnections)
        ),
        services: [
            journal,
            connector,
            ReadyFileLifetime(path: configuration.readyFile),
            RemoteChangesFollower(store: store, integration: integration, logger: logger),
            BackgroundWork { await historySync.afterDowntime(lastSeen: lastSeen) },
            BackgroundWork {
                await store.warmUp()
                // The load's scratch (rows, sort buffers) goes back to the system.
                MemoryPolicy.returnFreedMemory()
            },
        ],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            crm.address.set(port)
            let base = configuration.baseURL(port: port)
            ReadyAnnouncement(
                url: base, port: port, crmToken: integration.settings.crmToken,
                integrationURL: configuration.publicURL ?? integration.settings.publicURL ?? base + IntegrationController.path
            ).announce(readyFile: configuration.readyFile, logger: logger)
            logger.info(
                "MiniCRM is running",
                metadata: [
                    "ui": "\(base)/", "database": "\(PostgresURL(configuration.databasePath)?.displayed ?? configuration.databasePath)",
                    "max_connections": "\(maximumConnections)",
                ]
            )
            await configuration.onServerRunning?(port)
        },
        logger: logger
    )
    return (application, crm)
}

/// Work that runs once in the background while the server serves (it must not end the service group).
struct BackgroundWork: Service {
    let work: @Sendable () async -> Void

    func run() async throws {
        await work()
        try? await gracefulShutdown()
    }
}
