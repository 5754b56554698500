import ArgumentParser
import CRMServer
import CRMStore
import Foundation
import Logging
import PBXProtocol

/// The flags of every command that runs MiniCRM; each also reads `MINICRM_…` from the environment.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (MINICRM_HOST).")
    var host = environment("MINICRM_HOST") ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (MINICRM_PORT).")
    var port = environment("MINICRM_PORT").flatMap(Int.init) ?? 8080

    @Option(help: "SQLite database file, :memory:, or postgres://user:password@host:port/database (MINICRM_DATABASE).")
    var database = environment("MINICRM_DATABASE") ?? "minicrm.sqlite"

    @Option(help: "The crm_token the PBX must send; default: generated once and stored (MINICRM_CRM_TOKEN). Visible in ps: prefer --crm-token-file or the environment.")
    var crmToken: String?

    @Option(help: "Read the crm_token from this file, so it need not be on the command line (MINICRM_CRM_TOKEN_FILE).")
    var crmTokenFile: String?

    @Option(help: "Country code for numbers written without one (MINICRM_DEFAULT_COUNTRY).")
    var defaultCountry = environment("MINICRM_DEFAULT_COUNTRY") ?? "7"

    @Option(help: "Seed data loaded into an empty database (MINICRM_SEED); default: SeedData/demo.json.")
    var seed: String?

    @Flag(help: "Start with an empty database instead of the demo data.")
    var noSeed = environment("MINICRM_NO_SEED") == "1"

    @Option(help: "The static UI folder (MINICRM_PUBLIC); default: Public/.")
    var publicDirectory: String?

    @Option(help: "The /crm_integration URL to give the PBX, when it differs from the listening address (MINICRM_PUBLIC_URL).")
    var publicURL: String?

    @Option(help: "trace, debug, info, notice, warning, error (MINICRM_LOG_LEVEL).")
    var logLevel = environment("MINICRM_LOG_LEVEL") ?? "info"

    @Option(help: "Connections held at once; default: derived from the open-file limit (MINICRM_MAX_CONNECTIONS).")
    var maxConnections: Int?

    @Option(help: "The request journal's size in MiB; its oldest entries go beyond it (MINICRM_JOURNAL_MAX_MB).")
    var journalMaxMb = environment("MINICRM_JOURNAL_MAX_MB").flatMap(Int.init) ?? 256
    @Option(help: "The password of the admin account MiniCRM always has (MINICRM_ADMIN_PASSWORD); default: admin.")
    var adminPassword: String?

    @Option(help: "Open event streams one manager may have; the oldest closes beyond it, 0 for no cap (MINICRM_MAX_STREAMS_PER_MANAGER).")
    var maxStreamsPerManager = environment("MINICRM_MAX_STREAMS_PER_MANAGER").flatMap(Int.init) ?? 10

    @Flag(
        inversion: .prefixedNo,
        help: "The test controls /api/admin/reset, /load and /faults (MINICRM_TEST_CONTROLS=1); off for serve, on for demo."
    )
    var testControls: Bool?

    @Flag(help: "Let the PBX's address and its recording links be loopback, private, link-local or ULA addresses (MINICRM_ALLOW_PRIVATE_PBX=1).")
    var allowPrivatePbx = environment("MINICRM_ALLOW_PRIVATE_PBX") == "1"

    @Option(help: "SQLite's synchronous mode: normal survives a crash of the process, full also a power cut, with fewer writes/s (MINICRM_SYNCHRONOUS).")
    var synchronous = environment("MINICRM_SYNCHRONOUS") ?? "normal"

    @Option(help: "Once MiniCRM answers, write {\"url\",\"port\",\"crm_token\",\"integration_url\"} to this file (MINICRM_READY_FILE).")
    var readyFile: String?

    @Option(help: "Seconds to wait at start-up for a PostgreSQL database to answer.")
    var databaseWait = 30.0

    func validate() throws {
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1") }
        guard journalMaxMb >= 1 else { throw ValidationError("--journal-max-mb must be at least 1") }
        guard CountryCode(defaultCountry) != nil else { throw ValidationError("--default-country must be 1 to 3 digits, like 7") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level: trace, debug, info, notice, warning or error") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        if let adminPassword, adminPassword.count < 8 { throw ValidationError("--admin-password must have at least 8 characters") }
        guard maxStreamsPerManager >= 0 else { throw ValidationError("--max-streams-per-manager must be 0 or more") }
        guard SynchronousMode(rawValue: synchronous) != nil else { throw ValidationError("--synchronous: normal or full") }
        if crmToken != nil, crmTokenFile != nil { throw ValidationError("give --crm-token or --crm-token-file, not both") }
    }

    /// `--crm-token`, else the file `--crm-token-file` names (first line), else `MINICRM_CRM_TOKEN`.
    func token() throws -> String? {
        if let crmToken { return crmToken }
        guard let path = crmTokenFile ?? environment("MINICRM_CRM_TOKEN_FILE") else { return environment("MINICRM_CRM_TOKEN") }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("--crm-token-file: cannot read \(path)")
        }
        let token = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !token.isEmpty else { throw ValidationError("--crm-token-file: \(path) is empty") }
        return token
    }

    /// What `serve` (test controls off unless enabled) or `demo` (on unless disabled) runs with.
    func configuration(testControlsByDefault: Bool = false) throws -> AppConfiguration {
        var configuration = AppConfiguration(
            host: host, port: port, databasePath: database, crmToken: try token(),
            defaultCountry: CountryCode(defaultCountry) ?? .russia,
            seedPath: noSeed ? nil : (seed ?? environment("MINICRM_SEED") ?? ResourceLocator.defaultSeedPath),
            publicDirectory: publicDirectory ?? environment("MINICRM_PUBLIC") ?? ResourceLocator.defaultPublicDirectory,
            publicURL: publicURL ?? environment("MINICRM_PUBLIC_URL"),
            logLevel: Logger.Level(rawValue: logLevel) ?? .info
        )
        configuration.connections.maximumConnections = maxConnections ?? environment("MINICRM_MAX_CONNECTIONS").flatMap(Int.init)
        configuration.journalMaximumBytes = journalMaxMb << 20
        configuration.databaseWait = .seconds(databaseWait)
        configuration.readyFile = readyFile ?? environment("MINICRM_READY_FILE")
        configuration.adminPassword = adminPassword ?? environment("MINICRM_ADMIN_PASSWORD")
        configuration.maximumStreamsPerManager = maxStreamsPerManager
        configuration.testControls = testControls ?? environment("MINICRM_TEST_CONTROLS").map { $0 == "1" } ?? testControlsByDefault
        configuration.allowPrivatePBX = allowPrivatePbx
        configuration.synchronous = SynchronousMode(rawValue: synchronous) ?? .normal
        return configuration
    }
}

func environment(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
}
