import HTTPTypes
import Hummingbird
import NIOCore
import PBXProtocol

extension Response {
    /// The protocol's JSON: UTF-8, non-ASCII unescaped, `application/json; charset=utf-8`.
    static func protocolJSON(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        protocolJSON(bytes: ProtocolJSON.encode(value), status: status)
    }

    static func protocolJSON(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: ProtocolJSON.contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// `400 {"error":"Invalid parameters"}`, `401 {"error":"Invalid token"}`, `401 {"error":"Autorization failed"}`.
    static func protocolError(_ error: ProtocolError) -> Response {
        protocolJSON(error.body, status: .init(code: error.status))
    }

    /// A page of the fake PBX's own: no scripts, no framing, and no referrer, because its URL
    /// carries the CRM's `crm_token`.
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
                .fakePBXReferrerPolicy: "no-referrer", .fakePBXFrameOptions: "DENY", .fakePBXContentTypeOptions: "nosniff",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page))
        )
    }
}

extension HTTPField.Name {
    fileprivate static let fakePBXReferrerPolicy = Self("Referrer-Policy")!
    fileprivate static let fakePBXFrameOptions = Self("X-Frame-Options")!
    fileprivate static let fakePBXContentTypeOptions = Self("X-Content-Type-Options")!
}
