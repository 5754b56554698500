import CRMCore
import Hummingbird
import HummingbirdAuth

/// Admits requests from an active manager — by session cookie (the UI), or by HTTP Basic
/// credentials (scripts and test suites: `curl -u admin:admin`, throttled like the login form) —
/// and puts that manager, and the session, in the context.
struct RequireLogin: RouterMiddleware {
    typealias Context = AppRequestContext
    let access: AccessControl

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let (session, manager) = await access.session(of: request) {
            context.manager = manager
            context.session = session
        } else if let basic = request.headers.basic {
            context.manager = try await access.verify(
                login: basic.username, password: basic.password, client: context.clientAddress, refusal: "Not logged in"
            )
        } else {
            throw APIError(.unauthorized, "Not logged in")
        }
        return try await next(request, context)
    }

    /// Why credentials were refused: "not logged in", unless the login is the well-known `admin` that
    /// a data set with admins of its own does not have.
    static func refusal(login: String, found: Bool, otherwise message: String = "Not logged in") -> APIError {
        let missingAdmin = !found && login.lowercased() == AdminAccount.login
        return APIError(.unauthorized, missingAdmin ? AdminAccount.missingMessage : message)
    }
}
