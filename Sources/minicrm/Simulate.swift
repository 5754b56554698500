import ArgumentParser
import Foundation
import Logging
import PBXProtocol
import PBXTools

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play the PBX side of realistic calls against any CRM endpoint, with real timing.",
        discussion: """
            Prints every request and its answer (--format json or junit: one test case per call, for CI); exits non-zero when
            the CRM answers anything but 200, or nothing.
            Example: minicrm simulate --crm http://127.0.0.1:8080/crm_integration --token T group --speed 10
            """
    )

    enum Scenario: String, CaseIterable, ExpressibleByArgument {
        case answered, missed, group, groupMissed = "group-missed", transfer, outgoing, busy, random

        var kind: ScenarioKind? { ScenarioKind(rawValue: rawValue) }
    }

    enum Encoding: String, CaseIterable, ExpressibleByArgument {
        case form, multipart, json

        var body: BodyEncoding { BodyEncoding(rawValue: rawValue) ?? .form }
    }

    @Option(help: "The CRM's integration URL, as the PBX was given it.") var crm: String
    @Option(help: "The crm_token the CRM expects.") var token: String
    @Argument(help: "answered, missed, group, group-missed, transfer, outgoing, busy, or random (a realistic mix).")
    var scenario: Scenario
    @Option(help: "The outside number (default 79161234567; `random` mixes it with unknown numbers unless given).") var phone: String?
    @Option(help: "Comma-separated CRM user ids or PBX accounts: a group rings all, a transfer goes from the first to the second.")
    var users: String?
    @Option(help: "Who answers a ring group (default: the first user).") var answeredBy: String?
    @Option(help: "The dialled company number, sent as diversion.") var diversion: String?
    @Option(help: "Seconds a phone rings before it is answered or given up (default 5; 2–20 for random).") var ringSeconds: Double?
    @Option(help: "Seconds of conversation (default 30; 10–240 for random).") var talkSeconds: Double?
    @Option(help: "Compress time: 10 plays a minute in six seconds.") var speed: Double = 1
    @Option(help: "Body encoding: form, multipart or json.") var encoding: Encoding = .form
    @Option(help: "Recording URL for history's link, with {callid}, {user} and {duration}; empty for none.")
    var recordingURL: String = CallSettings.defaultRecordingURL
    @Option(
        name: .customLong("callid"),
        help: "Callid prefix; the call's number is appended (default sim-<random>-; random: UUIDs and HLH8HFM77S000035-style ids)."
    )
    var callidPrefix: String?
    @Option(help: "How many calls to play.") var calls: Int = 1
    @Option(help: "How many calls at once.") var concurrency: Int = 1
    @Option(help: "Seed for `random`, to replay the same calls.") var seed: UInt64?
    @Option(help: "Seconds to wait for each answer.") var timeout: Double = 10
    @OptionGroup var reporting: ReportOptions

    func validate() throws {
        guard speed > 0 else { throw ValidationError("--speed must be above 0") }
        guard calls >= 1, concurrency >= 1 else { throw ValidationError("--calls and --concurrency must be at least 1") }
        guard (ringSeconds ?? 0) >= 0, (talkSeconds ?? 0) >= 0 else {
            throw ValidationError("--ring-seconds and --talk-seconds cannot be negative")
        }
        if scenario == .transfer, let users, userList(users).count < 2 { throw ValidationError("transfer needs two --users: from,to") }
    }

    func run() async throws {
        let prefix = callidPrefix ?? "sim-" + String(UInt32.random(in: 0...UInt32.max), radix: 36) + "-"
        var logger = Logger(label: "minicrm.simulate")
        logger.logLevel = .error
        let result = try await CRMEndpointClient.withConnections(concurrency, url: crm, token: token, timeout: .seconds(timeout)) {
            client in
            let simulator = Simulator(
                client: client, encoding: encoding.body, speed: speed, logger: logger,
                observer: SimulationLines.observer(reporting.progress)
            )
            if let kind = scenario.kind {
                return await simulator.run(count: calls, concurrency: concurrency) { index in
                    kind.scenario(settings(kind, callid: "\(prefix)\(index + 1)"))
                }
            }
            let mix = trafficMix(callidPrefix: callidPrefix)
            return await simulator.run(count: calls, concurrency: concurrency) { mix.scenario(number: $0) }
        }
        try reporting.emit(SimulationReport(url: crm, result: result), console: SimulationLines.summary(result))
        if result.failed { throw ExitCode.failure }
    }

    func settings(_ kind: ScenarioKind, callid: String) -> CallSettings {
        let defaultUsers: [String] =
            switch kind {
            case .group, .groupMissed: ["ivanov", "smirnova", "petrova"]
            case .transfer: ["ivanov", "smirnova"]
            default: ["ivanov"]
            }
        return CallSettings(
            callid: callid, phone: PhoneNumber(phone ?? "79161234567"), users: users.map(userList) ?? defaultUsers,
            answeringUser: answeredBy, diversion: diversion, ringTime: .seconds(ringSeconds ?? 5), talkTime: .seconds(talkSeconds ?? 30),
            recordingURL: recordingURL.isEmpty ? nil : recordingURL, groupID: "g_" + UUID().uuidString.lowercased()
        )
    }

    /// Without a `--callid` prefix, callids in the forms real PBXes send.
    func trafficMix(callidPrefix: String?) -> TrafficMix {
        TrafficMix(
            users: users.map(userList) ?? TrafficMix.demoUsers, knownPhones: [PhoneNumber(phone ?? "79161234567")],
            knownCallerShare: phone == nil ? 0.4 : 1, ringTime: ringSeconds.map { $0...$0 } ?? 2...20,
            talkTime: talkSeconds.map { $0...$0 } ?? 10...240, diversion: diversion,
            recordingURL: recordingURL.isEmpty ? nil : recordingURL, callidPrefix: callidPrefix ?? "",
            realisticCallids: callidPrefix == nil, seed: seed ?? UInt64.random(in: 0...UInt64.max)
        )
    }
}

func userList(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
}
