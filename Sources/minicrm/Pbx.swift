import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PBXProtocol
import PBXTools

struct Pbx: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pbx",
        abstract: "Run a fake cloud PBX: api_login, accounts, groups, history, subscriptions, DND, and makeCall played back to the CRM."
    )

    @Option(help: "Address to listen on (MINICRM_PBX_HOST).")
    var host = environment("MINICRM_PBX_HOST") ?? "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (MINICRM_PBX_PORT).")
    var port = environment("MINICRM_PBX_PORT").flatMap(Int.init) ?? 8090

    @Option(help: "The administrator login api_login accepts (MINICRM_PBX_LOGIN).")
    var login = environment("MINICRM_PBX_LOGIN") ?? "admin"

    @Option(help: "The administrator password api_login accepts (MINICRM_PBX_PASSWORD).")
    var password = environment("MINICRM_PBX_PASSWORD") ?? "admin"

    @Option(help: "Seconds a placed call rings before it is answered.")
    var ringSeconds = 2.0

    @Option(help: "Seconds a placed call talks before it ends.")
    var talkSeconds = 5.0

    @Option(
        help: ArgumentHelp(
            "A JSON array of accounts, default the demo managers': [{\"name\":\"ivanov\",\"realName\":\"Иван Иванов\",\"ext\":\"101\"}].",
            valueName: "file"
        )
    )
    var accounts: String?

    @Option(help: "Base URL of recording links, when the CRM reaches this PBX by another address.")
    var publicURL: String?

    @Option(help: "trace, debug, info, notice, warning, error.")
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard ringSeconds.isFinite, ringSeconds >= 0, talkSeconds.isFinite, talkSeconds >= 0 else {
            throw ValidationError("--ring-seconds and --talk-seconds must be 0 or more")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level: trace, debug, info, notice, warning or error")
        }
        guard !login.isEmpty, !password.isEmpty else { throw ValidationError("--login and --password must not be empty") }
    }

    func run() async throws {
        let configuration = FakePBXConfiguration(
            host: host, port: port, adminLogin: login, adminPassword: password,
            accounts: try accounts.map(Self.loadAccounts) ?? FakePBXConfiguration.defaultAccounts,
            ringDelay: .seconds(ringSeconds), talkDuration: .seconds(talkSeconds), publicBaseURL: publicURL,
            logLevel: Logger.Level(rawValue: logLevel) ?? .info
        )
        let (application, _) = buildFakePBX(configuration)
        try await application.runService()
    }

    static func loadAccounts(_ path: String) throws -> [PBXAccount] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("--accounts: cannot read \(path)")
        }
        do {
            return try JSONDecoder().decode([PBXAccount].self, from: data)
        } catch {
            throw ValidationError("--accounts: \(path) is not a JSON array of {\"name\",\"realName\",…} accounts")
        }
    }
}
