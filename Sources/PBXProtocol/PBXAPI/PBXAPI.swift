/// The CRM → PBX half: what the CRM posts to `https://DOMAIN/sys/api_login.wcgp` once, to set the
/// integration up, and to `https://DOMAIN/sys/crm_api.wcgp` afterwards.
public enum PBXAPI {
    public static let loginPath = "/sys/api_login.wcgp"
    public static let commandPath = "/sys/crm_api.wcgp"
    /// The name of the secret the PBX returned at login, sent with every `crm_api` command.
    public static let tokenParameter = "token"
}

/// `api_login.wcgp`. The CRM invents `crmToken` (what the PBX will present to it) and names its own
/// integration `url`; the PBX answers with the `token` the CRM presents from then on. Without
/// `login` and `password` the PBX shows its own login page and then sends the browser to `redirectURL`.
public struct PBXLoginRequest: Sendable, Equatable {
    public var crmCode: String
    public var login: String?
    public var password: String?
    public var crmToken: String
    public var url: String
    public var redirectURL: String?
    /// Present means: the CRM maps PBX accounts to its users itself.
    public var selfMap: Bool

    public init(
        crmCode: String, login: String?, password: String?, crmToken: String, url: String, redirectURL: String? = nil,
        selfMap: Bool = false
    ) {
        self.crmCode = crmCode
        self.login = login
        self.password = password
        self.crmToken = crmToken
        self.url = url
        self.redirectURL = redirectURL
        self.selfMap = selfMap
    }

    public var parameters: PBXParameters {
        var parameters = PBXParameters()
        if let login { parameters.append("login", login) }
        if let password { parameters.append("password", password) }
        parameters.append("crm_code", crmCode)
        parameters.append("crm_token", crmToken)
        parameters.append("url", url)
        if let redirectURL { parameters.append("redirect_url", redirectURL) }
        if selfMap { parameters.append("self_map", "true") }
        return parameters
    }

    /// As the PBX reads it: `login`/`password` together, or `redirect_url` instead of them.
    public init(parameters: PBXParameters) throws(ProtocolError) {
        crmCode = try parameters.required("crm_code")
        crmToken = try parameters.required("crm_token")
        url = try parameters.required("url")
        login = parameters.optional("login")
        password = parameters.optional("password")
        redirectURL = parameters.optional("redirect_url") ?? parameters.optional("redirect_uri")
        selfMap = parameters["self_map"].map { !["false", "0", "no"].contains($0.lowercased()) } ?? false
        if (login == nil) != (password == nil) { throw .invalidParameters("login and password go together") }
        if login == nil, redirectURL == nil { throw .invalidParameters("redirect_url is required without login") }
    }
}

/// `{"token":"…"}`.
public struct PBXLoginResponse: Codable, Sendable, Equatable {
    public var token: String
    public init(token: String) {
        self.token = token
    }
}

/// A `crm_api.wcgp` command.
public enum PBXCommand: Sendable, Equatable {
    /// Ring the manager (`user`) first; once they pick up, dial `phone`.
    case makeCall(MakeCallRequest)
    /// The PBX's accounts, for mapping them to CRM users.
    case accounts
    /// Later versions: ring groups.
    case groups
    /// Later versions: the PBX's own call history, as CSV.
    case history(PBXHistoryRequest)
    /// Later versions: whether a user takes a ring group's calls, set and read.
    case subscribeOnCalls(SubscribeOnCallsRequest)
    case subscriptionStatus(SubscriptionStatusRequest)
    /// Later versions: a user's do-not-disturb, set and read.
    case setDND(SetDNDRequest)
    case getDND(GetDNDRequest)

    public var name: String {
        switch self {
        case .makeCall: "makeCall"
        case .accounts: "accounts"
        case .groups: "groups"
        case .history: "history"
        case .subscribeOnCalls: "subscribeOnCalls"
        case .subscriptionStatus: "subscriptionStatus"
        case .setDND: "set_dnd"
        case .getDND: "get_dnd"
        }
    }

    public func parameters(token: String) -> PBXParameters {
        var parameters: PBXParameters = ["cmd": name]
        switch self {
        case .accounts, .groups: break
        case .makeCall(let request): parameters.merge(request.parameters)
        case .history(let request): parameters.merge(request.parameters)
        case .subscribeOnCalls(let request): parameters.merge(request.parameters)
        case .subscriptionStatus(let request): parameters.merge(request.parameters)
        case .setDND(let request): parameters.merge(request.parameters)
        case .getDND(let request): parameters.merge(request.parameters)
        }
        parameters.append(PBXAPI.tokenParameter, token)
        return parameters
    }

    /// As the PBX reads it; the token is checked first, by the caller.
    public init(parameters: PBXParameters) throws(ProtocolError) {
        let cmd = try parameters.required("cmd")
        switch cmd {
        case "makeCall": self = .makeCall(try MakeCallRequest(parameters: parameters))
        case "accounts": self = .accounts
        case "groups": self = .groups
        case "history": self = .history(try PBXHistoryRequest(parameters: parameters))
        case "subscribeOnCalls": self = .subscribeOnCalls(try SubscribeOnCallsRequest(parameters: parameters))
        case "subscriptionStatus": self = .subscriptionStatus(try SubscriptionStatusRequest(parameters: parameters))
        case "set_dnd": self = .setDND(try SetDNDRequest(parameters: parameters))
        case "get_dnd": self = .getDND(try GetDNDRequest(parameters: parameters))
        default: throw .invalidParameters("unknown cmd \(cmd)")
        }
    }
}

/// `makeCall`. `phone` goes as digits only, international (`79101234567`): a leading `+` was seen rejected.
public struct MakeCallRequest: Sendable, Equatable {
    public var phone: String
    public var user: String
    /// Later versions: the caller id to show to the called party.
    public var clid: String?

    public init(phone: PhoneNumber, user: String, clid: String? = nil) {
        self.phone = phone.dialString
        self.user = user
        self.clid = clid
    }

    public init(parameters: PBXParameters) throws(ProtocolError) {
        phone = try parameters.required("phone")
        user = try parameters.required("user")
        clid = parameters.optional("clid")
    }

    var parameters: PBXParameters {
        var parameters: PBXParameters = ["phone": phone, "user": user]
        if let clid { parameters.append("clid", clid) }
        return parameters
    }
}

/// `makeCall`'s answer in later versions; the original answers an empty 200.
public struct MakeCallResponse: Codable, Sendable, Equatable {
    public var uuid: String?
    public var callid: String?
    public init(uuid: String? = nil, callid: String? = nil) {
        self.uuid = uuid
        self.callid = callid
    }
}

/// One entry of `accounts`: `{"name":"ivanov","realName":"Иван Иванов"}`, later with ext, telnum, email.
public struct PBXAccount: Codable, Sendable, Equatable {
    public var name: String
    public var realName: String
    public var ext: String?
    public var telnum: String?
    public var email: String?

    public init(name: String, realName: String, ext: String? = nil, telnum: String? = nil, email: String? = nil) {
        self.name = name
        self.realName = realName
        self.ext = ext
        self.telnum = telnum
        self.email = email
    }
}

/// One entry of `groups` (later versions).
public struct PBXGroup: Codable, Sendable, Equatable {
    public var name: String
    public var realName: String?
    public var ext: String?

    public init(name: String, realName: String? = nil, ext: String? = nil) {
        self.name = name
        self.realName = realName
        self.ext = ext
    }
}
