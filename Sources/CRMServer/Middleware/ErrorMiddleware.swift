import Hummingbird
import Logging
import PBXProtocol

/// Renders every failure as `{"error":"…"}` with its status, and never lets an unexpected error
/// show its internals: those become a logged 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as DroppedConnection {
            throw error
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            return .json(ErrorResponse(error: error.body ?? Self.message(for: error.status)), status: error.status)
        } catch let error as any HTTPResponseError {
            return .json(ErrorResponse(error: Self.message(for: error.status)), status: error.status)
        } catch {
            context.logger.error("Unhandled error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return .json(ErrorResponse(error: "Internal error"), status: .internalServerError)
        }
    }

    static func message(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "Not found"
        case .contentTooLarge: "Request body too large"
        case .methodNotAllowed: "Method not allowed"
        case .badRequest: "Bad request"
        default: status.reasonPhrase
        }
    }
}
