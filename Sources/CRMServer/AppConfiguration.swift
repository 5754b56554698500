import CRMCore
import CRMStore
import Foundation
import Logging
import PBXClient
import PBXProtocol

/// Everything `minicrm serve` can be told, with the defaults a fresh clone runs with.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// A SQLite file path, `:memory:`, or `postgres://user:password@host:port/database`.
    public var databasePath: String
    /// Overrides the stored `crm_token` for this run.
    public var crmToken: String?
    public var defaultCountry: CountryCode
    /// Loaded into an empty database on first start; nil for no seed data.
    public var seedPath: String?
    /// The static UI.
    public var publicDirectory: String?
    /// The `/crm_integration` URL a PBX should use, when MiniCRM sits behind a proxy or a NAT.
    public var publicURL: String?
    public var logLevel: Logger.Level
    /// How often an idle event stream sends a comment, so proxies and browsers keep it open.
    public var streamHeartbeat: Duration = .seconds(15)
    /// Deadlines for requests to the PBX.
    public var pbxClient = PBXClient.Configuration()
    /// Connections at once and how long a client may take to send a request.
    public var connections = ConnectionLimits()
    /// How long to wait at start-up for a PostgreSQL database to answer.
    public var databaseWait: Duration = .seconds(30)
    /// The request journal's size in bytes, beyond which its oldest entries go.
    public var journalMaximumBytes = 256 << 20
    /// The demo accounts the sign-in page offers while they still have their demo passwords.
    public var demoLogins = ["admin", "ivanov"]
    /// `--admin-password`: the password of the `admin` account MiniCRM always has (default `admin`).
    public var adminPassword: String?
    /// Where to write `{"url","port","crm_token","integration_url"}` once the server listens.
    public var readyFile: String?
    /// Idle (12 h) and absolute (7 days) session expiry.
    public var sessionPolicy = SessionPolicy()
    /// Failed logins per login name and per client address, and the pauses they earn.
    public var loginThrottles = (perLogin: LoginThrottle.perLogin, perClient: LoginThrottle.perClient)
    /// `--max-streams-per-manager`: open event streams one manager may have; the oldest closes
    /// beyond it. 0 for no cap.
    public var maximumStreamsPerManager = 10
    /// `--test-controls`: `/api/admin/reset`, `/load` and `/faults` (off unless enabled; on in `demo`).
    public var testControls = false
    /// `--allow-private-pbx`: PBX and recording addresses may be loopback, private, link-local or ULA.
    public var allowPrivatePBX = false
    /// `--synchronous full`: every commit synced to disk, surviving a power cut, at a cost in writes/s.
    public var synchronous = SynchronousMode.normal
    /// Where the server logs; default: the process's logging system under `minicrm`, at `logLevel`.
    public var logger: Logger?
    /// Called once the server listens, with the port it bound (useful with port 0).
    public var onServerRunning: (@Sendable (Int) async -> Void)?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String = "minicrm.sqlite", crmToken: String? = nil,
        defaultCountry: CountryCode = .russia, seedPath: String? = ResourceLocator.defaultSeedPath,
        publicDirectory: String? = ResourceLocator.defaultPublicDirectory, publicURL: String? = nil, logLevel: Logger.Level = .info,
        onServerRunning: (@Sendable (Int) async -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.crmToken = crmToken
        self.defaultCountry = defaultCountry
        self.seedPath = seedPath
        self.publicDirectory = publicDirectory
        self.publicURL = publicURL
        self.logLevel = logLevel
        self.onServerRunning = onServerRunning
    }

    /// Cookies are `Secure` when MiniCRM is reached over https (behind a TLS proxy).
    var secureCookies: Bool { publicURL?.lowercased().hasPrefix("https://") == true }

    /// The base URL for links and log lines; a wildcard bind address is shown as loopback.
    func baseURL(port: Int) -> String {
        let shownHost = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        return "http://\(shownHost.contains(":") ? "[\(shownHost)]" : shownHost):\(port)"
    }
}

/// Finds `Public/` and `SeedData/` whether MiniCRM runs from the repository root (`swift run`),
/// from its build folder, or from a test.
public enum ResourceLocator {
    public static var defaultPublicDirectory: String? { find("Public") }
    public static var defaultSeedPath: String? { find("SeedData/demo.json") }

    public static func find(_ relativePath: String) -> String? {
        let fileManager = FileManager.default
        var roots = [URL(fileURLWithPath: fileManager.currentDirectoryPath)]
        var executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").standardizedFileURL.deletingLastPathComponent()
        var source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            roots.append(executable)
            roots.append(source)
            executable.deleteLastPathComponent()
            source.deleteLastPathComponent()
        }
        return roots.map { $0.appendingPathComponent(relativePath).path }.first { fileManager.fileExists(atPath: $0) }
    }
}
