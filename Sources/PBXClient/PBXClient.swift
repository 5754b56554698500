import AsyncHTTPClient
import Logging
import PBXProtocol

/// The CRM's client of the PBX: `api_login.wcgp` once to set the integration up, then
/// `crm_api.wcgp` commands carrying the token it returned.
///
/// Cheap to create — one per PBX address, all sharing one `HTTPClient`, ideally one made by
/// `PBXClient.makeHTTPClient()`. Every request is a form-encoded POST bounded, connection and body
/// included, by `configuration.requestTimeout`. Passwords and tokens never reach the logs.
public struct PBXClient: Sendable {
    /// The PBX address without a trailing slash, e.g. `https://pbx.example.com` or `http://127.0.0.1:8090/prefix`.
    public let baseURL: String
    public let configuration: Configuration
    let httpClient: HTTPClient
    let logger: Logger
    /// `host:port`, for messages.
    let endpoint: String

    /// - Parameter baseURL: `https://DOMAIN`, or any `http(s)://host[:port][/prefix]`; a bare domain means `https://`.
    public init(
        baseURL: String, httpClient: HTTPClient, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "minicrm.pbx-client")
    ) throws(PBXClientError) {
        self.init(address: try PBXAddress(baseURL), httpClient: httpClient, configuration: configuration, logger: logger)
    }

    init(address: PBXAddress, httpClient: HTTPClient, configuration: Configuration, logger: Logger) {
        self.baseURL = address.base
        self.endpoint = address.endpoint
        self.httpClient = httpClient
        self.configuration = configuration
        self.logger = logger
    }

    /// `api_login.wcgp` with the administrator's login and password: the token for every later command.
    public func login(_ request: PBXLoginRequest) async throws(PBXClientError) -> PBXLoginResponse {
        let reply = try await post(PBXAPI.loginPath, request.parameters, command: "api_login")
        guard reply.status == 200 else { throw reply.failure(whenUnauthorized: .authorizationFailed) }
        let response = try reply.decode(PBXLoginResponse.self)
        guard !response.token.trimmingWhitespace.isEmpty else { throw .malformedResponse("an empty token") }
        return response
    }

    /// `makeCall`: the PBX rings `user` first and, once they pick up, dials `phone`.
    public func makeCall(_ request: MakeCallRequest, token: String) async throws(PBXClientError) -> MakeCallResponse {
        let reply = try await command(.makeCall(request), token: token)
        // The original answers an empty 200 and later versions a JSON id: a 200 is a placed call
        // whatever its body, and refusing it would tell the manager "failed" while their phone rings.
        return (try? reply.decode(MakeCallResponse.self)) ?? MakeCallResponse()
    }

    /// `accounts`: the PBX's accounts, for mapping them to CRM users.
    public func accounts(token: String) async throws(PBXClientError) -> [PBXAccount] {
        try await command(.accounts, token: token).decode([PBXAccount].self)
    }

    /// `groups` (later versions): the PBX's ring groups.
    public func groups(token: String) async throws(PBXClientError) -> [PBXGroup] {
        try await command(.groups, token: token).decode([PBXGroup].self)
    }

    func command(_ command: PBXCommand, token: String) async throws(PBXClientError) -> PBXReply {
        let reply = try await post(PBXAPI.commandPath, command.parameters(token: token), command: command.name)
        guard reply.status == 200 else { throw reply.failure(whenUnauthorized: .invalidToken) }
        return reply
    }
}
