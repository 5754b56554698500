import ArgumentParser
import CRMServer
import Foundation
import Hummingbird
import Logging
import PBXProtocol
import PBXTools
import ServiceLifecycle

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "MiniCRM with demo data and a fake PBX already connected, playing a stream of realistic calls.")

    @OptionGroup var server: ServerOptions

    @Option(help: "Port of the in-process fake PBX; 0 picks a free one.")
    var pbxPort = 0

    @Option(help: "Seconds between the starts of two calls.")
    var interval = 6.0

    @Option(help: "How many calls may be in progress at once.")
    var concurrency = 3

    @Option(help: "The manager who gets the most calls (log in as them to see pop-ups).")
    var favourite = "ivanov"

    @Option(help: "Play calls this many times faster than real time.")
    var speed = 1.0

    func validate() throws {
        guard speed > 0, interval >= 0, concurrency > 0 else { throw ValidationError("--speed and --concurrency must be positive") }
    }

    func run() async throws {
        let logger = {
            var logger = Logger(label: "minicrm.demo")
            logger.logLevel = Logger.Level(rawValue: server.logLevel) ?? .info
            return logger
        }()
        let (ready, readySignal) = AsyncStream<Int>.makeStream()
        FilePermissions.restrictNewFiles()
        var configuration = try server.configuration(testControlsByDefault: true)
        configuration.onServerRunning = { readySignal.yield($0) }
        configuration.demoLogins = ["admin", favourite]
        let (crmApplication, crm) = try await buildMiniCRM(configuration)

        var pbxConfiguration = FakePBXConfiguration(host: "127.0.0.1", port: pbxPort, ringDelay: .seconds(4), talkDuration: .seconds(15))
        pbxConfiguration.recordsEveryCall = true
        let (pbxReady, pbxSignal) = AsyncStream<Int>.makeStream()
        pbxConfiguration.onServerRunning = { pbxSignal.yield($0) }
        let (pbxApplication, _) = buildFakePBX(pbxConfiguration)

        let traffic = BackgroundCalls {
            var ports = ready.makeAsyncIterator()
            var pbxPorts = pbxReady.makeAsyncIterator()
            guard await ports.next() != nil, let pbxPort = await pbxPorts.next() else { return }
            let pbxURL = "http://127.0.0.1:\(pbxPort)"
            // The demo's own fake PBX, on loopback, and nothing else private: the outbound policy
            // allows exactly its origin, for the API and for its recordings.
            crm.outbound.allow(origin: pbxURL)
            try await crm.connectPBX(baseURL: pbxURL, login: "admin", password: "admin")
            let contacts = try await crm.store.contacts(matching: "", limit: 500, offset: 0).items
            let demo = DemoTraffic(
                callers: contacts.compactMap { contact in contact.phones.first.map { .init(phone: $0, responsible: contact.responsible) } },
                managers: try await crm.store.managers().filter { $0.active && !$0.isAdmin }.map(\.id), favourite: favourite,
                recordingURL: pbxURL + "/recordings/{callid}.wav?seconds={duration}"
            )
            logger.notice(
                "Demo is running: open the UI and log in",
                metadata: [
                    "ui": "\(crm.baseURL)/", "manager_login": "\(favourite) / demo", "admin_login": "admin / admin",
                    "fake_pbx": "\(pbxURL)",
                ]
            )
            let simulator = Simulator(
                client: CRMEndpointClient(url: crm.integrationURL, token: crm.integration.settings.crmToken, httpClient: .pbxTools),
                speed: speed, logger: logger,
                // A line per call at info; every request at debug (--log-level debug).
                observer: SimulationLines.observer { line in
                    if line.hasPrefix("▶") { logger.info("Call", metadata: ["call": "\(line)"]) } else { logger.debug("Request", metadata: ["step": "\(line)"]) }
                }
            )
            await simulator.runContinuously(concurrency: concurrency, startInterval: .seconds(interval / speed)) {
                demo.scenario(number: $0)
            }
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [crmApplication, pbxApplication, traffic], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            )
        )
        try await group.run()
    }
}

/// Runs the demo's call traffic beside the servers until shutdown.
struct BackgroundCalls: Service {
    let work: @Sendable () async throws -> Void

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await work() }
    }
}
