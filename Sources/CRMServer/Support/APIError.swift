import CRMCore
import Foundation
import Hummingbird
import PBXProtocol

/// An API failure with its status: rendered as `{"error":"…"}`, like every error MiniCRM answers,
/// plus `"field"` when one input field is to blame (`"phones[1]"`), so a form can point at it.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let message: String
    public let field: String?
    /// Seconds, for a `429`'s `Retry-After`.
    public let retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.field = field
        self.retryAfter = retryAfter
    }

    struct FieldError: Encodable {
        var error: String
        var field: String
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        jsonResponse
    }

    var jsonResponse: Response {
        var response = field.map { Response.json(FieldError(error: message, field: $0), status: status) }
            ?? Response.json(ErrorResponse(error: message), status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}

extension APIError {
    /// `contacts[3].phones[0]: "abc" is not a phone number`, naming the field.
    init(_ invalid: InvalidDataSet) {
        self.init(.badRequest, invalid.description, field: invalid.field)
    }
}
