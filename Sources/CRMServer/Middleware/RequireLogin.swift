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
        context.manager = try await authenticate(request, context)
        return try await next(request, context)
    }

    private func authenticate(_ request: Request, _ context: Context) async throws -> Manager {
        if let id = context.sessions.session?.managerID, let manager = store.managerDirectory.manager(id: id), manager.active {
            return manager
        }
        if let basic = request.headers.basic, let found = try await store.credentials(login: basic.username),
            found.manager.active, await PasswordHasher.verify(basic.password, hash: found.passwordHash)
        {
            return found.manager
        }
        throw APIError(.unauthorized, "Not logged in")
    }
}
