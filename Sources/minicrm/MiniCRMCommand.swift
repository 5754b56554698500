import ArgumentParser

@main
struct MiniCRMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minicrm",
        abstract: "A mini CRM for a cloud PBX's CRM integration, and the tools to test the other side.",
        subcommands: [Serve.self, Demo.self, Pbx.self, Simulate.self, Conformance.self, Replay.self, Generate.self, Bench.self],
        defaultSubcommand: Serve.self
    )
}
