import CRMCore
import CRMStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdAuth
import Logging
import PBXProtocol
import ServiceLifecycle
import Synchronization

/// The parts of a running MiniCRM, built once and shared by the routes.
public struct MiniCRM: Sendable {
    public let store: SQLiteStore
    public let integration: IntegrationService
    public let hub: CallHub
    public let journal: JournalRecorder
    public let configuration: AppConfiguration
    public let dataSets: DataSets
    let address: BoundAddress
    let connector: PBXConnector
    let metrics: ServerMetrics
    public var settings: IntegrationConfiguration { integration.configuration }

    /// Connects to a PBX as the settings page does with a login and password (`minicrm demo` uses it),
    /// but keeps the `crm_token` in effect: the one logged at start-up, or given with `--crm-token`.
    public func connectPBX(baseURL: String, login: String, password: String, crmCode: String = "minicrm", selfMap: Bool = false)
        async throws
    {
        try await connector.connect(
            settings, baseURL: baseURL, login: login, password: password, crmCode: crmCode, url: integrationURL, selfMap: selfMap,
            crmToken: settings.settings.crmToken
        )
    }

    /// `http://host:port` as the server listens (the real port when configured with 0).
    public var baseURL: String { configuration.baseURL(port: address.port ?? configuration.port) }

    /// The `/crm_integration` URL to give a PBX by default.
    public var integrationURL: String { configuration.publicURL ?? baseURL + IntegrationController.path }
}

/// The port the server bound, known once it listens.
final class BoundAddress: Sendable {
    private let bound = Mutex<Int?>(nil)
    var port: Int? { bound.withLock { $0 } }
    func set(_ port: Int) { bound.withLock { $0 = port } }
}

/// Builds the whole server from its configuration: store, seed, integration, routes, services.
/// Tests call this with port 0 and a temporary database, exactly as `minicrm serve` does.
public func buildApplication(_ configuration: AppConfiguration) async throws -> some ApplicationProtocol {
    let (application, _) = try await buildMiniCRM(configuration)
    return application
}

public func buildMiniCRM(_ configuration: AppConfiguration) async throws -> (some ApplicationProtocol, MiniCRM) {
    let logger = {
        var logger = Logger(label: "minicrm")
        logger.logLevel = configuration.logLevel
        return logger
    }()
    let openFiles = OpenFileLimit.raiseToMaximum()
    let store = try SQLiteStore(
        path: configuration.databasePath, defaultCountry: configuration.defaultCountry,
        journalMaximumBytes: configuration.journalMaximumBytes, logger: logger
    )
    let dataSets = DataSets(
        store: store, administrator: AdminAccount(explicitPassword: configuration.adminPassword),
        defaultCountry: configuration.defaultCountry, seedPath: configuration.seedPath, logger: logger
    )
    try await dataSets.prepare()
    let settings = try await IntegrationConfiguration.load(from: store, overridingToken: configuration.crmToken)
    let hub = CallHub()
    let metrics = ServerMetrics()
    let journal = JournalRecorder(store: store, onDrop: { metrics.recordJournalDrop($0) }, logger: logger)
    let integration = IntegrationService(
        store: store, configuration: settings, hub: hub, defaultCountry: configuration.defaultCountry, logger: logger
    )
    let connector = PBXConnector(configuration: configuration.pbxClient)
    let crm = MiniCRM(
        store: store, integration: integration, hub: hub, journal: journal, configuration: configuration, dataSets: dataSets,
        address: BoundAddress(), connector: connector, metrics: metrics
    )
    let sessions = StorePersistDriver(store: store)
    let router = buildRouter(crm, sessions: sessions)
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
                url: base, port: port, crmToken: settings.settings.crmToken,
                integrationURL: configuration.publicURL ?? settings.settings.publicURL ?? base + IntegrationController.path
            ).announce(readyFile: configuration.readyFile, logger: logger)
            logger.info(
                "MiniCRM is running",
                metadata: ["ui": "\(base)/", "database": "\(configuration.databasePath)", "max_connections": "\(maximumConnections)"]
            )
            await configuration.onServerRunning?(port)
        },
        logger: logger
    )
    return (application, crm)
}

func buildRouter(_ crm: MiniCRM, sessions: some PersistDriver) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    if let publicDirectory = crm.configuration.publicDirectory {
        router.add(
            middleware: FileMiddleware(
                publicDirectory, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true,
                logger: Logger(label: "minicrm.files")
            )
        )
    }
    let healthy = Array(#"{"status":"ok"}"#.utf8)
    router.get("/health") { _, _ in Response.json(bytes: healthy) }
    let faults = FaultInjector()
    IntegrationController(integration: crm.integration, journal: crm.journal, faults: faults, metrics: crm.metrics).addRoutes(to: router)

    let sessionMiddleware = SessionMiddleware<AppRequestContext>(
        storage: sessions,
        configuration: .init(
            sessionCookieParameters: .init(name: "minicrm_session", sameSite: .lax),
            defaultSessionExpiration: SessionController.sessionLifetime
        )
    )
    let api = router.group("api").add(middleware: sessionMiddleware)
    let demo = ResourceLocator.defaultSeedPath.flatMap { try? SeedData.load(from: URL(fileURLWithPath: $0)) }
    let demoLogins = DemoLogins(logins: crm.configuration.demoLogins, demo: demo, store: crm.store)
    let sessionController = SessionController(store: crm.store, demoLogins: demoLogins)
    sessionController.addPublicRoutes(to: api)
    let authenticated = api.group().add(middleware: RequireLogin(store: crm.store))
    sessionController.addRoutes(to: authenticated)
    ContactsController(store: crm.store, defaultCountry: crm.configuration.defaultCountry).addRoutes(to: authenticated)
    CallsController(store: crm.store).addRoutes(to: authenticated)
    ManagersController(store: crm.store).addRoutes(to: authenticated)
    JournalController(store: crm.store, journal: crm.journal).addRoutes(to: authenticated)
    StreamController(integration: crm.integration, heartbeat: crm.configuration.streamHeartbeat).addRoutes(to: authenticated)
    AdminController(crm: crm, faults: faults).addRoutes(to: authenticated)
    PBXController(crm: crm, connector: crm.connector).addRoutes(to: authenticated)
    MetricsController(crm: crm).addRoutes(
        to: router.group().add(middleware: sessionMiddleware).add(middleware: RequireLogin(store: crm.store))
    )
    return router
}

/// Work that runs once in the background while the server serves (it must not end the service group).
struct BackgroundWork: Service {
    let work: @Sendable () async -> Void

    func run() async throws {
        await work()
        try? await gracefulShutdown()
    }
}
