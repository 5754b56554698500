import CRMCore
import Hummingbird

/// `POST /api/login`, `POST /api/logout`, `GET /api/me`, `POST /api/me/password`: cookie sessions
/// for the UI and for scripts.
struct SessionController {
    let access: AccessControl
    let store: any CRMStore
    let demoLogins: DemoLogins

    struct Credentials: Decodable {
        var login: String
        var password: String
    }

    struct PasswordChange: Decodable {
        var old: String
        var new: String
    }

    struct Me: ResponseEncodable {
        var id: ManagerID
        var name: String
        var role: Manager.Role
        var login: String
        var pbxAccount: String?

        init(_ manager: Manager) {
            id = manager.id
            name = manager.name
            role = manager.role
            login = manager.login
            pbxAccount = manager.pbxAccount
        }

        enum CodingKeys: String, CodingKey {
            case id, name, role, login
            case pbxAccount = "pbx_account"
        }
    }

    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("login", use: login)
        group.post("logout", use: logout)
        group.get("demo-logins") { _, _ in Response.json(["items": try await demoLogins.current()]) }
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("me") { _, context in Me(try context.requireManager()) }
        group.post("me/password", use: changePassword)
    }

    /// A fresh session every time (the session the browser came with ends), so a session id planted
    /// before the login is worth nothing after it.
    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let credentials = try await request.decode(as: Credentials.self, context: context)
        let manager = try await access.verify(
            login: credentials.login.trimmingWhitespace, password: credentials.password, client: context.clientAddress
        )
        let previous = request.cookies[AccessControl.cookieName].map { SessionKey($0.value) }
        let session = try await access.startSession(for: manager, replacing: previous)
        context.logger.info("Login", metadata: ["manager": "\(manager.id)"])
        var response = Response.json(Me(manager))
        response.setCookie(access.cookie(for: session))
        return response
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let value = request.cookies[AccessControl.cookieName]?.value, !value.isEmpty {
            try await access.endSession(SessionKey(value))
        }
        var response = Response.json(["status": "ok"])
        response.setCookie(access.clearingCookie)
        return response
    }

    /// The manager's own password: the current one first (throttled like a login), then at least 8
    /// characters. Every other session of theirs ends; this one stays.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireManager()
        let change = try await request.decode(as: PasswordChange.self, context: context)
        try PasswordRules.check(change.new, field: "new")
        do {
            _ = try await access.verify(login: me.login, password: change.old, client: context.clientAddress)
        } catch let error as APIError where error.status == .unauthorized {
            // Not a 401: the session is fine, only the password typed is not.
            throw APIError(.forbidden, "The current password is wrong", field: "old")
        }
        let hash = await PasswordHasher.hash(change.new)
        let keeping = context.session?.key
        guard let update = try await store.updateManager(id: me.id, with: ManagerPatch(), passwordHash: hash, keeping: keeping) else {
            throw APIError(.notFound, "No such manager")
        }
        access.applied(update, keeping: keeping)
        context.logger.notice("Password changed", metadata: ["manager": "\(me.id)"])
        return .json(["status": "ok"])
    }
}

/// What a new password must be (the seeded demo passwords predate the rule and stay).
enum PasswordRules {
    static let minimumLength = 8

    static func check(_ password: String, field: String = "password") throws {
        guard password.count >= minimumLength else {
            throw APIError(.badRequest, "A password has at least \(minimumLength) characters", field: field)
        }
    }
}
