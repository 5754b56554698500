import ArgumentParser
import CRMServer
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

    @Option(help: "The crm_token the PBX must send; default: generated once and stored (MINICRM_CRM_TOKEN).")
    var crmToken: String?

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
        if let adminPassword, adminPassword.count < 4 { throw ValidationError("--admin-password must have at least 4 characters") }
    }

    func configuration() -> AppConfiguration {
        var configuration = AppConfiguration(
            host: host, port: port, databasePath: database, crmToken: crmToken ?? environment("MINICRM_CRM_TOKEN"),
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
        return configuration
    }
}

func environment(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
}
