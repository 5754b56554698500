/// Why a request to the PBX failed, specific enough for an administrator to act on.
public enum PBXClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The PBX address is not an absolute `http(s)://host[:port][/prefix]` URL.
    case invalidBaseURL(String)
    /// 400 `Invalid parameters`: a parameter missing or malformed, or a command this PBX does not know.
    case invalidParameters
    /// 401 `Autorization failed`: `api_login` with a wrong administrator login or password.
    case authorizationFailed
    /// 401 `Invalid token`: the token `api_login` returned is wrong or no longer valid.
    case invalidToken
    /// No complete answer, body included, within the deadline.
    case timeout(Duration)
    /// Nothing listens on the PBX's port.
    case connectionRefused(host: String)
    /// The host name does not resolve, or the network has no route to it.
    case unreachable(host: String, reason: String)
    /// The TLS handshake failed: an untrusted, expired or misnamed certificate, or no TLS on that port.
    case tlsFailure(host: String, reason: String)
    /// The connection broke before a complete answer.
    case connectionLost(reason: String)
    /// A 200 whose body is not the JSON the protocol promises: what it was, in words.
    case malformedResponse(String)
    /// A status the protocol does not define for the request.
    case unexpectedStatus(Int, String)
    /// The outbound policy does not allow the address (a private one, another scheme).
    case refused(String)
    /// The calling task was cancelled.
    case cancelled

    public var description: String {
        switch self {
        case .invalidBaseURL(let text):
            "The PBX address “\(text)” is not a URL like https://pbx.example.com"
        case .invalidParameters:
            "The PBX rejected the request's parameters (400 Invalid parameters)"
        case .authorizationFailed:
            "The PBX rejected the administrator login or password (401 Autorization failed)"
        case .invalidToken:
            "The PBX rejected the integration token (401 Invalid token); set the integration up again"
        case .timeout(let limit):
            "The PBX did not answer within \(limit.secondsText)"
        case .connectionRefused(let host):
            "The PBX at \(host) refused the connection: nothing listens on that port"
        case .unreachable(let host, let reason):
            "The PBX at \(host) cannot be reached: \(reason)"
        case .tlsFailure(let host, let reason):
            "The secure connection to the PBX at \(host) failed: \(reason)"
        case .connectionLost(let reason):
            "The connection to the PBX broke: \(reason)"
        case .malformedResponse(let what):
            "The PBX answered something other than the protocol's JSON (\(what))"
        case .unexpectedStatus(let status, let what):
            "The PBX answered HTTP \(status) (\(what))"
        case .refused(let reason):
            reason
        case .cancelled:
            "The request to the PBX was cancelled"
        }
    }
}

extension Duration {
    /// `10 s`, `1.5 s`, `250 ms`.
    var secondsText: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(Double(milliseconds) / 1000) s"
    }

    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
