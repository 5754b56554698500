import PBXProtocol

/// What the checker is told about the CRM under test, and how hard to push it.
public struct ConformanceOptions: Sendable {
    /// The CRM's integration URL, the one a PBX posts to.
    public var crmURL: String
    public var token: String
    /// A caller the CRM knows, to look up in every phone format.
    public var knownPhone: String?
    /// The `contact_name` the known caller must come back with.
    public var knownName: String?
    /// User ids `users` must list.
    public var expectedUsers: [String]
    /// Where to count the stored calls of a callid: `{callid}` is filled in. The answer may be
    /// `{"total":N}`, `{"items":[…]}` or a JSON array.
    public var inspectURL: String?
    /// Log in to MiniCRM's `/api/login` (at the inspect URL's origin) before inspecting.
    public var inspectLogin: Credentials?
    /// The latency burst: how many `contact` requests, how many at once.
    public var burstRequests: Int
    public var burstConcurrency: Int
    /// The PBX gives up on `contact` after about a second.
    public var latencyLimit: Duration
    /// Above this p99 the CRM works, but leaves little margin.
    public var latencyWarning: Duration
    public var hugeBodySize: Int
    /// How long one request may take before it counts as not answered.
    public var requestTimeout: Duration
    /// Prefixes every callid this run sends, so runs never collide and test calls are recognisable.
    public var runPrefix: String

    public struct Credentials: Sendable, Equatable {
        public var login: String
        public var password: String

        public init(login: String, password: String) {
            self.login = login
            self.password = password
        }

        /// `admin:admin`.
        public init?(_ text: String) {
            guard let colon = text.firstIndex(of: ":") else { return nil }
            self.init(login: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        }
    }

    public init(
        crmURL: String, token: String, knownPhone: String? = nil, knownName: String? = nil, expectedUsers: [String] = [],
        inspectURL: String? = nil, inspectLogin: Credentials? = nil, burstRequests: Int = 200, burstConcurrency: Int = 16,
        latencyLimit: Duration = .seconds(1), latencyWarning: Duration = .milliseconds(200), hugeBodySize: Int = 1 << 20,
        requestTimeout: Duration = .seconds(5), runPrefix: String = ConformanceOptions.randomRunPrefix()
    ) {
        self.crmURL = crmURL
        self.token = token
        self.knownPhone = knownPhone
        self.knownName = knownName
        self.expectedUsers = expectedUsers
        self.inspectURL = inspectURL
        self.inspectLogin = inspectLogin
        self.burstRequests = burstRequests
        self.burstConcurrency = burstConcurrency
        self.latencyLimit = latencyLimit
        self.latencyWarning = latencyWarning
        self.hugeBodySize = hugeBodySize
        self.requestTimeout = requestTimeout
        self.runPrefix = runPrefix
    }

    /// `conf-k3f9q2-`.
    public static func randomRunPrefix() -> String {
        "conf-" + String(UInt32.random(in: 0...UInt32.max), radix: 36) + "-"
    }
}
