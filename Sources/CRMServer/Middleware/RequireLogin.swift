import CRMCore
import Hummingbird

/// Admits requests whose session belongs to an active manager, and puts that manager in the context.
struct RequireLogin: RouterMiddleware {
    typealias Context = AppRequestContext
    let managers: ManagerDirectory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let id = context.sessions.session?.managerID, let manager = managers.manager(id: id), manager.active else {
            throw APIError(.unauthorized, "Not logged in")
        }
        var context = context
        context.manager = manager
        return try await next(request, context)
    }
}
