import PBXProtocol

/// One answer of the PBX, read whole, and what it means under the protocol.
struct PBXReply: Sendable {
    let status: Int
    let body: [UInt8]
    let contentType: String?

    /// The body as the protocol's JSON for this request.
    func decode<Value: Decodable>(_ type: Value.Type) throws(PBXClientError) -> Value {
        do {
            return try ProtocolJSON.decode(type, from: body)
        } catch {
            throw .malformedResponse(summary)
        }
    }

    /// The error a non-200 answer stands for; `whenUnauthorized` names a 401 whose body says nothing known.
    func failure(whenUnauthorized: PBXClientError) -> PBXClientError {
        switch status {
        case 400:
            return .invalidParameters
        case 401:
            switch (try? ProtocolJSON.decode(ErrorResponse.self, from: body))?.error.lowercased() {
            case ErrorResponse.invalidToken.lowercased(): return .invalidToken
            // The spec's spelling, and the one a PBX that fixed the typo would send.
            case ErrorResponse.authorizationFailed.lowercased(), "authorization failed": return .authorizationFailed
            default: return whenUnauthorized
            }
        default:
            return .unexpectedStatus(status, summary)
        }
    }

    /// What came back, in words — never the body itself: a PBX address an admin types may be any
    /// server, and its answer is not the admin's to read through MiniCRM (nor are secrets it echoes).
    var summary: String {
        guard !body.isEmpty else { return "an empty body" }
        let type = contentType?.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "no content type"
        return "\(type), \(body.count) bytes"
    }
}
