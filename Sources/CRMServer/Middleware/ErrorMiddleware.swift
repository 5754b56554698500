import CRMCore
import Hummingbird
import Logging
import PBXProtocol

/// Renders every failure as `{"error":"…"}` with its status, in one place: API errors as they say,
/// the store's refusals as the API's (a taken value is a conflict, a dangling reference or a data
/// set that cannot be loaded a bad request), and never an unexpected error's internals — those
/// become a logged 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try Self.render(error, path: request.uri.path, logger: context.logger)
        }
    }

    /// Synchronous, so its work stays off the async frame every request (and every open event
    /// stream, for its whole life) carries.
    @inline(never)
    static func render(_ error: any Error, path: String, logger: Logger) throws -> Response {
        switch error {
        case let error as DroppedConnection:
            throw error
        case let error as APIError:
            return error.jsonResponse
        case StoreError.conflict(let message):
            return APIError(.conflict, message.capitalizedFirst).jsonResponse
        case StoreError.invalidReference(let message):
            return APIError(.badRequest, message.capitalizedFirst).jsonResponse
        case StoreError.unavailable(let message):
            return APIError(.serviceUnavailable, message).jsonResponse
        case let error as InvalidDataSet:
            return APIError(error).jsonResponse
        case let error as HTTPError:
            return .json(ErrorResponse(error: error.body ?? message(for: error.status)), status: error.status)
        case let error as any HTTPResponseError:
            return .json(ErrorResponse(error: message(for: error.status)), status: error.status)
        default:
            logger.error("Unhandled error", metadata: ["error": "\(error)", "path": "\(path)"])
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
