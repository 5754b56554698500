import CRMCore
import Hummingbird
import HummingbirdAuth

/// Admits requests from an active manager — by session cookie (the UI), or by HTTP Basic
/// credentials (scripts and test suites: `curl -u admin:admin`) — and puts that manager in the context.
struct RequireLogin: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any CRMStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let manager = Self.sessionManager(context, store) {
            context.manager = manager
        } else {
            context.manager = try await authenticateWithPassword(request)
        }
        return try await next(request, context)
    }

    /// The session's manager, from memory: the path of every UI request.
    @inline(never)
    private static func sessionManager(_ context: Context, _ store: any CRMStore) -> Manager? {
        guard let id = context.sessions.session?.managerID, let manager = store.manager(withID: id), manager.active else {
            return nil
        }
        return manager
    }

    private func authenticateWithPassword(_ request: Request) async throws -> Manager {
        guard let basic = request.headers.basic else { throw APIError(.unauthorized, "Not logged in") }
        let found = try await store.credentials(login: basic.username)
        if let found, found.manager.active, await PasswordHasher.verify(basic.password, hash: found.passwordHash) {
            return found.manager
        }
        throw Self.refusal(login: basic.username, found: found != nil)
    }

    /// Why credentials were refused: "not logged in", unless the login is the well-known `admin` that
    /// a data set with admins of its own does not have.
    static func refusal(login: String, found: Bool, otherwise message: String = "Not logged in") -> APIError {
        let missingAdmin = !found && login.lowercased() == AdminAccount.login
        return APIError(.unauthorized, missingAdmin ? AdminAccount.missingMessage : message)
    }
}
