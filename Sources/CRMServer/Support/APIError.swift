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

extension Response {
    /// A JSON body as the protocol writes it, `application/json; charset=utf-8`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        json(bytes: APIJSON.encode(value), status: status)
    }

    static func json(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: ProtocolJSON.contentType, .contentLength: String(bytes.count)],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}
