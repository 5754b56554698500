import ArgumentParser
import CRMServer
import Hummingbird

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run MiniCRM: the UI, the JSON API and the PBX's /crm_integration endpoint.")

    @OptionGroup var server: ServerOptions

    func run() async throws {
        MemoryPolicy.configureForServer()
        FilePermissions.restrictNewFiles()
        let application = try await buildApplication(try server.configuration())
        try await application.runService()
    }
}
