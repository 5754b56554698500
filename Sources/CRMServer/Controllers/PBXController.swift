import CRMCore
import Foundation
import Hummingbird
import PBXClient
import PBXProtocol
import Synchronization

/// `/api/pbx…` (admins) and `/api/calls/dial`: the CRM → PBX direction — connect, map accounts,
/// click-to-call. The PBX admin's password passes through to `api_login` and is never stored or logged.
struct PBXController {
    let crm: MiniCRM
    let connector: PBXConnector

    /// Click-to-call, for every manager.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("calls/dial", use: dial)
    }

    /// Connecting the PBX and mapping its accounts, for admins.
    func addAdminRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("pbx", use: status)
        group.post("pbx/connect", use: connect)
        group.get("pbx/callback", use: callback)
        group.delete("pbx", use: disconnect)
        group.get("pbx/accounts", use: accounts)
    }

    struct Status: ResponseEncodable {
        var connected: Bool
        var baseURL: String?
        var crmCode: String?
        var url: String
        var selfMap: Bool
        var connectedAt: Date?

        enum CodingKeys: String, CodingKey {
            case connected, url
            case baseURL = "base_url"
            case crmCode = "crm_code"
            case selfMap = "self_map"
            case connectedAt = "connected_at"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(connected, forKey: .connected)
            try container.encode(baseURL, forKey: .baseURL)
            try container.encode(crmCode, forKey: .crmCode)
            try container.encode(url, forKey: .url)
            try container.encode(selfMap, forKey: .selfMap)
            try container.encode(connectedAt, forKey: .connectedAt)
        }
    }

    struct ConnectInput: Decodable {
        var baseURL: String
        var login: String?
        var password: String?
        var crmCode: String?
        var url: String?
        var selfMap: Bool?

        enum CodingKeys: String, CodingKey {
            case login, password, url
            case baseURL = "base_url"
            case crmCode = "crm_code"
            case selfMap = "self_map"
        }
    }

    struct Redirect: ResponseEncodable {
        var redirect: String
    }

    struct Account: Encodable {
        var name: String
        var realName: String
        var ext: String?
        var telnum: String?
        var email: String?
        var manager: ManagerID?
        var suggested: ManagerID?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(realName, forKey: .realName)
            try container.encode(ext, forKey: .ext)
            try container.encode(telnum, forKey: .telnum)
            try container.encode(email, forKey: .email)
            try container.encode(manager, forKey: .manager)
            try container.encode(suggested, forKey: .suggested)
        }

        enum CodingKeys: String, CodingKey { case name, realName, ext, telnum, email, manager, suggested }
    }

    struct DialInput: Decodable {
        var phone: String
        /// The caller id to show, one of the PBX's numbers (`GET /api/pbx/numbers`); the PBX's choice without it.
        var clid: String?
    }

    struct Dialled: ResponseEncodable {
        var status = "ringing"
        var phone: String
        var user: String
        var callid: String?
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Status {
        return currentStatus()
    }

    private func currentStatus() -> Status {
        let settings = crm.integration.settings
        return Status(
            connected: settings.isConnected, baseURL: settings.pbxBaseURL, crmCode: settings.crmCode,
            url: settings.publicURL ?? crm.integrationURL, selfMap: settings.selfMap, connectedAt: settings.connectedAt
        )
    }

    /// With login and password: `api_login` now, and only a token in the answer changes anything.
    /// Without them: the browser is sent to the PBX's own login page, which sends it back to `callback`.
    @Sendable func connect(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decode(as: ConnectInput.self, context: context)
        let client = try connector.client(for: input.baseURL)
        let crmCode = input.crmCode?.trimmingWhitespace.nonEmpty ?? "minicrm"
        let url = input.url?.trimmingWhitespace.nonEmpty ?? crm.integrationURL
        let selfMap = input.selfMap ?? false
        guard let login = input.login?.nonEmpty, let password = input.password?.nonEmpty else {
            let crmToken = SecretToken.generate()
            try await connector.vet(client.baseURL)
            let state = connector.remember(
                PBXConnector.Pending(
                    baseURL: client.baseURL, crmCode: crmCode, crmToken: crmToken, url: url, selfMap: selfMap,
                    admin: try context.requireManager().id
                )
            )
            let back = crm.baseURL + "/api/pbx/callback?state=" + state
            return .json(Redirect(redirect: client.loginPageURL(crmCode: crmCode, crmToken: crmToken, url: url, redirectURL: back, selfMap: selfMap)))
        }
        try await connector.connect(
            crm.integration, baseURL: client.baseURL, login: login, password: password, crmCode: crmCode, url: url, selfMap: selfMap
        )
        context.logger.notice("PBX connected", metadata: ["pbx": "\(client.baseURL)", "self_map": "\(selfMap)"])
        crm.historySync.afterConnect()
        return .json(currentStatus())
    }

    /// Where the PBX's login page sends the browser back, with `token=` appended. The one GET that
    /// changes state, as OAuth's redirects do: it takes effect only with the unguessable, single-use
    /// `state` that this admin's own `connect` made, within ten minutes.
    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.query
        guard let state = query["state"], let pending = connector.take(state), pending.admin == context.manager?.id,
            let token = query[PBXLoginRedirect.tokenParameter]?.nonEmpty
        else {
            return .redirect(to: "/#/settings?pbx=failed")
        }
        try await connector.complete(pending, pbxToken: token, in: crm.integration)
        context.logger.notice("PBX connected through its login page", metadata: ["pbx": "\(pending.baseURL)"])
        crm.historySync.afterConnect()
        return .redirect(to: "/#/settings?pbx=connected")
    }

    @Sendable func disconnect(_ request: Request, context: AppRequestContext) async throws -> Status {
        try await crm.integration.updateSettings { settings in
            settings.pbxToken = nil
            settings.pbxBaseURL = nil
            settings.connectedAt = nil
            settings.selfMap = false
        }
        return currentStatus()
    }

    @Sendable func accounts(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (client, token) = try connected()
        let accounts = try await PBXFailure.map { () async throws(PBXClientError) in try await client.accounts(token: token) }
        let managers = try await crm.store.managers()
        let items = accounts.map { account in
            let mapped = managers.first { AccountMatching.isMapped(account: account.name, to: $0) }
            return Account(
                name: account.name, realName: account.realName, ext: account.ext, telnum: account.telnum, email: account.email,
                manager: mapped?.id, suggested: mapped == nil ? AccountMatching.suggestion(for: account, among: managers)?.id : nil
            )
        }
        return .json(ItemList(items: items))
    }

    /// Rings the logged-in manager's phone first, then the number: `user` is their id, or their PBX
    /// account with `self_map`; `phone` goes as international digits whatever its formatting.
    @Sendable func dial(_ request: Request, context: AppRequestContext) async throws -> Dialled {
        let manager = try context.requireManager()
        let input = try await request.decode(as: DialInput.self, context: context)
        let phone = PhoneNumber(input.phone, defaultCountry: crm.configuration.defaultCountry)
        guard phone.isCanonical else { throw APIError(.badRequest, "Not a phone number: \(input.phone)") }
        let clid = input.clid?.trimmingWhitespace.nonEmpty.map { PhoneNumber($0, defaultCountry: crm.configuration.defaultCountry) }
        if let clid, !clid.isCanonical { throw APIError(.badRequest, "Not a phone number: \(input.clid ?? "")", field: "clid") }
        let (client, token) = try connected()
        let user = try crm.pbxUser(of: manager)
        let placed = try await PBXFailure.map { () async throws(PBXClientError) in
            try await client.makeCall(MakeCallRequest(phone: phone, user: user, clid: clid?.dialString), token: token)
        }
        context.logger.info("Click-to-call", metadata: ["manager": "\(manager.id)", "phone": "\(phone.dialString)"])
        return Dialled(phone: phone.dialString, user: user, callid: placed.callid ?? placed.uuid)
    }

    private func connected() throws -> (PBXClient, String) {
        try connector.connectedClient(crm.integration.settings)
    }
}

/// PBX client failures as API answers: 504 when the PBX did not answer in time, 502 otherwise, with the reason in words.
enum PBXFailure {
    static func map<T>(_ work: () async throws(PBXClientError) -> T) async throws -> T {
        do {
            return try await work()
        } catch {
            throw apiError(error)
        }
    }

    static func mapSync<T>(_ work: () throws(PBXClientError) -> T) throws -> T {
        do {
            return try work()
        } catch {
            throw apiError(error)
        }
    }

    static func apiError(_ error: PBXClientError) -> APIError {
        switch error {
        case .timeout: APIError(.gatewayTimeout, error.description)
        case .invalidBaseURL, .refused: APIError(.badRequest, error.description)
        default: APIError(.badGateway, error.description)
        }
    }
}
