import Foundation
import Hummingbird
import PBXProtocol

/// An API failure with its status: rendered as `{"error":"…"}`, like every error MiniCRM answers.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let message: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response.json(ErrorResponse(error: message), status: status)
    }
}
