import Foundation
import MultipartKit

/// The three body encodings a PBX was seen using, for senders: the simulator, the conformance
/// checker, the fake PBX and the CRM's PBX client.
public enum BodyEncoding: String, Sendable, CaseIterable {
    case form, multipart, json

    /// The `Content-Type` header value and the body bytes.
    public func encode(_ parameters: PBXParameters) -> (contentType: String, body: [UInt8]) {
        switch self {
        case .form:
            return ("application/x-www-form-urlencoded", Array(FormURLEncoding.encode(parameters).utf8))
        case .multipart:
            let boundary = "minicrm-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let parts = parameters.pairs.map { pair in
                MultipartPart(headers: ["Content-Disposition": "form-data; name=\"\(pair.name)\""], body: pair.value)
            }
            let body = (try? MultipartSerializer().serialize(parts: parts, boundary: boundary)) ?? ""
            return ("multipart/form-data; boundary=\(boundary)", Array(body.utf8))
        case .json:
            return ("application/json", ProtocolJSON.encode(parameters.dictionary(redacting: [])))
        }
    }
}
