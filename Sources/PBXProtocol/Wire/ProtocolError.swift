/// The protocol's errors. Their bodies are fixed by the specification, in both directions, so a
/// sender cannot tell one malformed parameter from another: `reason` is for logs and journals only.
public enum ProtocolError: Error, Sendable, Equatable {
    /// 400 `{"error":"Invalid parameters"}`: a parameter missing or malformed, or an unknown `cmd`.
    case invalidParameters(String)
    /// 400 `{"error":"Invalid parameters"}` too, but decided before the token is looked at: more
    /// parameters, or longer names, than `ParameterLimits` allow — no PBX sends such a request.
    case exceedsLimits(String)
    /// 401 `{"error":"Invalid token"}`: `crm_token` (or `token`) missing or wrong.
    case invalidToken
    /// 401 `{"error":"Autorization failed"}`, the spec's spelling: `api_login` with a wrong login.
    case authorizationFailed

    public var status: Int {
        switch self {
        case .invalidParameters, .exceedsLimits: 400
        case .invalidToken, .authorizationFailed: 401
        }
    }

    public var body: ErrorResponse {
        switch self {
        case .invalidParameters, .exceedsLimits: ErrorResponse(error: ErrorResponse.invalidParameters)
        case .invalidToken: ErrorResponse(error: ErrorResponse.invalidToken)
        case .authorizationFailed: ErrorResponse(error: ErrorResponse.authorizationFailed)
        }
    }

    public var reason: String {
        switch self {
        case .invalidParameters(let reason), .exceedsLimits(let reason): reason
        case .invalidToken: "missing or wrong token"
        case .authorizationFailed: "wrong login or password"
        }
    }
}

/// `{"error":"…"}`.
public struct ErrorResponse: Codable, Sendable, Equatable {
    public var error: String

    public init(error: String) {
        self.error = error
    }

    public static let invalidParameters = "Invalid parameters"
    public static let invalidToken = "Invalid token"
    public static let authorizationFailed = "Autorization failed"
}
