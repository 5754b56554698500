import AsyncHTTPClient
import Logging
import PBXProtocol

/// Everything the fake PBX can be told. The defaults make a demo PBX whose accounts are the
/// MiniCRM seed managers' PBX accounts, answering on `http://127.0.0.1:8090` as `admin`/`admin`.
public struct FakePBXConfiguration: Sendable {
    public var host: String
    /// 0 lets the system choose; `onServerRunning` reports the port bound.
    public var port: Int
    public var adminLogin: String
    public var adminPassword: String
    /// What `accounts` answers, and, when the CRM connected with `self_map`, the `user`s `makeCall` accepts.
    public var accounts: [PBXAccount]
    public var groups: [PBXGroup]
    /// From `OUTGOING` to `ACCEPTED`: the manager's phone ringing, then the client's.
    public var ringDelay: Duration
    /// From `ACCEPTED` to `COMPLETED`; also the `duration` of the `history`, in whole seconds.
    public var talkDuration: Duration
    /// The base of recording links in `history`, when the CRM reaches the fake PBX by another
    /// address than the one it listens on; default `http://host:port`.
    public var publicBaseURL: String?
    /// How long one playback request to the CRM may take.
    public var playbackTimeout: Duration
    /// Posts the call playback to the CRM.
    public var httpClient: HTTPClient
    public var logLevel: Logger.Level
    /// Serve a recording for any callid, not only for calls this PBX placed: the demo's simulated
    /// incoming calls link their recordings here.
    public var recordsEveryCall = false
    /// Who takes each group's calls: group name → account names. `groups` lists the groups;
    /// `subscribeOnCalls` and `subscriptionStatus` work on these memberships.
    public var groupMembers: [String: [String]] = FakePBXConfiguration.defaultGroupMembers
    /// The PBX's time zone, in seconds east of UTC: `history` writes `start` in it and counts its
    /// periods (`today`, `this_week`, …) in it. Moscow by default.
    public var utcOffset = 3 * 3600
    /// When set, `history` names accounts `login@tenantDomain`, as multi-tenant PBXes do.
    public var tenantDomain: String?
    /// Called once the server listens, with the port it bound.
    public var onServerRunning: (@Sendable (Int) async -> Void)?

    public init(
        host: String = "127.0.0.1", port: Int = 8090, adminLogin: String = "admin", adminPassword: String = "admin",
        accounts: [PBXAccount] = FakePBXConfiguration.defaultAccounts, groups: [PBXGroup] = FakePBXConfiguration.defaultGroups,
        ringDelay: Duration = .seconds(2), talkDuration: Duration = .seconds(5), publicBaseURL: String? = nil,
        playbackTimeout: Duration = .seconds(5), httpClient: HTTPClient = FakePBXConfiguration.playbackHTTPClient,
        logLevel: Logger.Level = .info,
        onServerRunning: (@Sendable (Int) async -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.adminLogin = adminLogin
        self.adminPassword = adminPassword
        self.accounts = accounts
        self.groups = groups
        self.ringDelay = ringDelay
        self.talkDuration = talkDuration
        self.publicBaseURL = publicBaseURL
        self.playbackTimeout = playbackTimeout
        self.httpClient = httpClient
        self.logLevel = logLevel
        self.onServerRunning = onServerRunning
    }

    /// Process-wide like `HTTPClient.shared`, but a CRM that is down fails a step at once instead of
    /// holding it until the deadline, so the playback goes on as a real PBX's would.
    public static let playbackHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(2), read: .seconds(5))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The `duration` a `history` reports: the talk time in whole seconds, rounded.
    var historyDuration: Int {
        Int((talkDuration / .seconds(1)).rounded())
    }

    /// `http://host:port`, a wildcard bind address shown as loopback.
    func listeningBaseURL(port: Int) -> String {
        let shownHost = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        return "http://\(shownHost.contains(":") ? "[\(shownHost)]" : shownHost):\(port)"
    }
}
