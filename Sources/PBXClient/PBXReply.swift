import PBXProtocol

/// One answer of the PBX, read whole, and what it means under the protocol.
struct PBXReply: Sendable {
    let status: Int
    let body: [UInt8]
    /// The request's secret values, kept out of excerpts in case a PBX echoes them back.
    let secrets: [String]

    /// The body as the protocol's JSON for this request.
    func decode<Value: Decodable>(_ type: Value.Type) throws(PBXClientError) -> Value {
        do {
            return try ProtocolJSON.decode(type, from: body)
        } catch {
            throw .malformedResponse(excerpt: excerpt)
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
            return .unexpectedStatus(status, excerpt: excerpt)
        }
    }

    /// The start of the body on one line, secrets masked, for error messages.
    var excerpt: String {
        guard !body.isEmpty else { return "(an empty body)" }
        let limit = 160
        var text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        for secret in secrets { text = text.replacingOccurrences(of: secret, with: "***") }
        text = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }.filter { !$0.isASCIIControl })
        return text.count > limit || body.count > limit * 4 ? "«\(text.prefix(limit))…»" : "«\(text)»"
    }
}

extension Character {
    fileprivate var isASCIIControl: Bool {
        asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false
    }
}
