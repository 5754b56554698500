import Foundation

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
            var body = ""
            for pair in parameters.pairs {
                let name = pair.name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(pair.value)\r\n"
            }
            body += "--\(boundary)--\r\n"
            return ("multipart/form-data; boundary=\(boundary)", Array(body.utf8))
        case .json:
            return ("application/json", ProtocolJSON.encode(parameters.dictionary(redacting: [])))
        }
    }
}
