import CRMCore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging

/// Every route, and who may use it: anyone (`/health`, `/crm_integration` with its token, login),
/// any logged-in manager, or admins only — one group behind `RequireAdmin`.
func buildRouter(_ crm: MiniCRM, sessions: some PersistDriver, logger: Logger) -> Router<AppRequestContext> {
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
    OpenAPIController().addRoutes(to: router)
    let faults = FaultInjector()
    let historySync = crm.historySync
    IntegrationController(
        integration: crm.integration, journal: IntegrationJournal(recorder: crm.journal, metrics: crm.metrics), faults: faults,
        logger: logger, heardFromPBX: { historySync.heard(at: $0) }
    ).addRoutes(to: router)

    let sessionMiddleware = SessionMiddleware<AppRequestContext>(
        storage: sessions,
        configuration: .init(
            sessionCookieParameters: .init(name: "minicrm_session", sameSite: .lax),
            defaultSessionExpiration: SessionController.sessionLifetime
        )
    )
    let api = router.group("api").add(middleware: sessionMiddleware)
    let demo = ResourceLocator.defaultSeedPath.flatMap { try? SeedData.load(from: URL(fileURLWithPath: $0)) }
    let sessionController = SessionController(
        store: crm.store, demoLogins: DemoLogins(logins: crm.configuration.demoLogins, demo: demo, store: crm.store)
    )
    sessionController.addPublicRoutes(to: api)

    let managers = api.group().add(middleware: RequireLogin(store: crm.store))
    sessionController.addRoutes(to: managers)
    ContactsController(store: crm.store, defaultCountry: crm.configuration.defaultCountry).addRoutes(to: managers)
    CallsController(store: crm.store).addRoutes(to: managers)
    ManagersController(store: crm.store).addRoutes(to: managers)
    StreamController(integration: crm.integration, heartbeat: crm.configuration.streamHeartbeat).addRoutes(to: managers)
    let pbx = PBXController(crm: crm, connector: crm.connector)
    pbx.addRoutes(to: managers)
    let pbxUsers = PBXUsersController(crm: crm)
    pbxUsers.addRoutes(to: managers)

    let admins = managers.group().add(middleware: RequireAdmin())
    ManagersController(store: crm.store).addAdminRoutes(to: admins)
    JournalController(store: crm.store, journal: crm.journal).addRoutes(to: admins)
    AdminController(crm: crm, faults: faults).addRoutes(to: admins)
    pbx.addAdminRoutes(to: admins)
    pbxUsers.addAdminRoutes(to: admins)
    HistorySyncController(crm: crm).addRoutes(to: admins)
    MetricsController(crm: crm).addRoutes(
        to: router.group().add(middleware: sessionMiddleware).add(middleware: RequireLogin(store: crm.store))
            .add(middleware: RequireAdmin())
    )
    return router
}
