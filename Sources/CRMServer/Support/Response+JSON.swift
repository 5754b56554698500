import HTTPTypes
import Hummingbird
import PBXProtocol

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

extension Response {
    /// A redirect that does not pass the URL it came from (which held the PBX's token) on as a referrer.
    static func redirect(to location: String) -> Response {
        Response(status: .found, headers: [.location: location, .referrerPolicy: "no-referrer"])
    }
}
