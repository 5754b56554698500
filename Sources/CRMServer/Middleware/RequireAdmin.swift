import Hummingbird

/// Admits admins only, behind `RequireLogin`: the integration's settings, the journal, the test
/// controls, managers' creation and `/metrics`.
struct RequireAdmin: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.manager?.isAdmin == true else { throw APIError(.forbidden, "Admins only") }
        return try await next(request, context)
    }
}
