import CRMCore
import CRMStore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import PBXProtocol
import ServiceLifecycle

/// The parts of a running MiniCRM, built once and shared by the routes.
public struct MiniCRM: Sendable {
    public let store: SQLiteStore
    public let integration: IntegrationService
    public let hub: CallHub
    public let journal: JournalRecorder
    public let configuration: AppConfiguration
    public var settings: IntegrationConfiguration { integration.configuration }
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
    let store = try SQLiteStore(path: configuration.databasePath, defaultCountry: configuration.defaultCountry, logger: logger)
    if let seedPath = configuration.seedPath, try await store.isEmpty() {
        let seed = try SeedData.load(from: URL(fileURLWithPath: seedPath))
        try await store.importData(await seed.importBatch(defaultCountry: configuration.defaultCountry), replacing: false)
        logger.info(
            "Loaded seed data",
            metadata: ["path": "\(seedPath)", "managers": "\(seed.managers.count)", "contacts": "\(seed.contacts.count)"]
        )
    }
    let settings = try await IntegrationConfiguration.load(from: store, overridingToken: configuration.crmToken)
    let hub = CallHub()
    let journal = JournalRecorder(store: store, logger: logger)
    let integration = IntegrationService(
        store: store, configuration: settings, hub: hub, defaultCountry: configuration.defaultCountry, logger: logger
    )
    let crm = MiniCRM(store: store, integration: integration, hub: hub, journal: journal, configuration: configuration)
    let sessions = StorePersistDriver(store: store)
    let router = buildRouter(crm, sessions: sessions)
    let application = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "MiniCRM"),
        services: [
            journal,
            BackgroundWork {
                await store.warmUp()
                // The load's scratch (rows, sort buffers) goes back to the system.
                MemoryPolicy.returnFreedMemory()
            },
        ],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let base = configuration.baseURL(port: port)
            logger.notice(
                "MiniCRM is running",
                metadata: [
                    "ui": "\(base)/",
                    "integration_url": "\(configuration.publicURL ?? settings.settings.publicURL ?? base + IntegrationController.path)",
                    "crm_token": "\(settings.settings.crmToken)",
                    "database": "\(configuration.databasePath)",
                ]
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
    IntegrationController(integration: crm.integration, journal: crm.journal, faults: faults).addRoutes(to: router)

    let api = router.group("api")
        .add(
            middleware: SessionMiddleware(
                storage: sessions,
                configuration: .init(
                    sessionCookieParameters: .init(name: "minicrm_session", sameSite: .lax),
                    defaultSessionExpiration: SessionController.sessionLifetime
                )
            )
        )
    let sessionController = SessionController(store: crm.store)
    sessionController.addPublicRoutes(to: api)
    let authenticated = api.group().add(middleware: RequireLogin(store: crm.store))
    sessionController.addRoutes(to: authenticated)
    ContactsController(store: crm.store, defaultCountry: crm.configuration.defaultCountry).addRoutes(to: authenticated)
    CallsController(store: crm.store).addRoutes(to: authenticated)
    ManagersController(store: crm.store).addRoutes(to: authenticated)
    JournalController(store: crm.store, journal: crm.journal).addRoutes(to: authenticated)
    StreamController(integration: crm.integration, heartbeat: crm.configuration.streamHeartbeat).addRoutes(to: authenticated)
    AdminController(crm: crm, faults: faults).addRoutes(to: authenticated)
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
