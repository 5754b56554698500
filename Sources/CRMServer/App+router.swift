import CRMCore
import Foundation
import Hummingbird
import Logging

/// Every route, and who may use it: anyone (`/health`, `/crm_integration` with its token, login),
/// any logged-in manager, or admins only — one group behind `RequireAdmin`. The test controls
/// (`/api/admin/reset`, `load`, `faults`) exist only with `--test-controls`.
///
/// A route added here needs an entry in `Tests/CRMServerTests/AuthorizationMatrix.swift`, which
/// walks every route as anonymous, manager and admin.
func buildRouter(_ crm: MiniCRM, logger: Logger) -> Router<AppRequestContext> {
    let configuration = crm.configuration
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: SameOriginMiddleware(publicOrigin: SameOriginMiddleware.origin(of: configuration.publicURL)))
    if let publicDirectory = configuration.publicDirectory {
        router.add(middleware: StaticRangeMiddleware(publicDirectory: publicDirectory))
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

    let access = AccessControl(
        store: crm.store, policy: configuration.sessionPolicy, streams: crm.streams, secureCookies: configuration.secureCookies,
        perLogin: configuration.loginThrottles.perLogin, perClient: configuration.loginThrottles.perClient
    )
    let api = router.group("api")
    let demo = ResourceLocator.defaultSeedPath.flatMap { try? SeedData.load(from: URL(fileURLWithPath: $0)) }
    let sessionController = SessionController(
        access: access, store: crm.store, demoLogins: DemoLogins(logins: configuration.demoLogins, demo: demo, store: crm.store)
    )
    sessionController.addPublicRoutes(to: api)

    let managers = api.group().add(middleware: RequireLogin(access: access))
    sessionController.addRoutes(to: managers)
    ContactsController(store: crm.store, defaultCountry: configuration.defaultCountry).addRoutes(to: managers)
    CallsController(store: crm.store).addRoutes(to: managers)
    let managersController = ManagersController(store: crm.store, access: access)
    managersController.addRoutes(to: managers)
    StreamController(integration: crm.integration, streams: crm.streams, sessionPolicy: configuration.sessionPolicy)
        .addRoutes(to: managers)
    let pbx = PBXController(crm: crm, connector: crm.connector)
    pbx.addRoutes(to: managers)
    let pbxUsers = PBXUsersController(crm: crm)
    pbxUsers.addRoutes(to: managers)

    let admins = managers.group().add(middleware: RequireAdmin())
    managersController.addAdminRoutes(to: admins)
    JournalController(store: crm.store, journal: crm.journal).addRoutes(to: admins)
    let adminController = AdminController(crm: crm, faults: faults)
    adminController.addStatusRoute(to: admins)
    if configuration.testControls { adminController.addTestControls(to: admins) }
    pbx.addAdminRoutes(to: admins)
    pbxUsers.addAdminRoutes(to: admins)
    HistorySyncController(crm: crm).addRoutes(to: admins)
    MetricsController(crm: crm).addRoutes(
        to: router.group().add(middleware: RequireLogin(access: access)).add(middleware: RequireAdmin())
    )
    return router
}
