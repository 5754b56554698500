import CRMCore
import Hummingbird
import HummingbirdAuth

/// `POST /api/login`, `POST /api/logout`, `GET /api/me`: cookie sessions for the UI and for scripts.
struct SessionController {
    static let sessionLifetime: Duration = .seconds(12 * 3600)

    let store: any CRMStore
    let demoLogins: DemoLogins

    struct Credentials: Decodable {
        var login: String
        var password: String
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
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Me {
        let credentials = try await request.decode(as: Credentials.self, context: context)
        let found = try await store.credentials(login: credentials.login.trimmingWhitespace)
        // Verify against a dummy hash for unknown logins, so timing does not tell which logins exist.
        let verified = await PasswordHasher.verify(credentials.password, hash: found?.passwordHash ?? Self.dummyHash)
        guard let found, verified, found.manager.active else {
            throw RequireLogin.refusal(
                login: credentials.login.trimmingWhitespace, found: found != nil, otherwise: "Wrong login or password"
            )
        }
        context.sessions.createSession(ManagerSession(managerID: found.manager.id), expiresIn: Self.sessionLifetime)
        context.logger.info("Login", metadata: ["manager": "\(found.manager.id)"])
        return Me(found.manager)
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        context.sessions.clearSession()
        return .json(["status": "ok"])
    }

    /// bcrypt of a random string nobody knows.
    static let dummyHash = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.fT5VZ8Uq0Y0G8mEq6nJv7d7L8kQe"
}
