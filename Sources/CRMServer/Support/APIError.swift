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

    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil) {
        self.status = status
        self.message = message
        self.field = field
    }

    struct FieldError: Encodable {
        var error: String
        var field: String
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        jsonResponse
    }

    var jsonResponse: Response {
        guard let field else { return Response.json(ErrorResponse(error: message), status: status) }
        return Response.json(FieldError(error: message, field: field), status: status)
    }
}

extension APIError {
    /// `contacts[3].phones[0]: "abc" is not a phone number`, naming the field.
    init(_ invalid: InvalidDataSet) {
        self.init(.badRequest, invalid.description, field: invalid.field)
    }
}
