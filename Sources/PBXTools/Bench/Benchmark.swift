import AsyncHTTPClient
import Foundation
import PBXProtocol

/// `minicrm bench`: starts MiniCRM on a database, drives it over loopback and reports every figure
/// the performance targets name, in one run.
public struct Benchmark: Sendable {
    public struct Configuration: Sendable {
        /// The `minicrm` executable to start as the server.
        public var executable: String
        public var database: String
        /// Load per phase for the wrk measurements.
        public var duration: Duration = .seconds(10)
        public var connections = 32
        /// Managers `m1…mN` (password `demo`) with `tabs` streams each.
        public var streamManagers = 200
        public var tabs = 5
        public var eventsPerSecond = 100
        public var streamDuration: Duration = .seconds(10)
        public var searchRounds = 5

        public init(executable: String, database: String) {
            self.executable = executable
            self.database = database
        }
    }

    public let configuration: Configuration
    let log: @Sendable (String) -> Void

    public init(configuration: Configuration, log: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        self.log = log
    }

    public func run() async throws -> BenchmarkReport {
        let token = "bench-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let port = ServerProcess.freePort()
        let run = "b" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        log("starting the server on port \(port)")
        let server = try await ServerProcess.start(
            executable: configuration.executable,
            arguments: [
                "serve", "--database", configuration.database, "--port", "\(port)", "--crm-token", token, "--no-seed",
                "--log-level", "warning", "--max-streams-per-manager", "\(max(10, configuration.tabs))",
            ],
            port: port
        )
        do {
            let report = try await measure(server: server, token: token, run: run)
            await server.stop()
            return report
        } catch {
            await server.stop()
            throw error
        }
    }

    private func measure(server: ServerProcess, token: String, run: String) async throws -> BenchmarkReport {
        var report = BenchmarkReport(configuration: configuration, machine: .current)
        report.startupTime = server.startupTime
        let http = BenchHTTP(baseURL: server.baseURL, client: .pbxTools)
        let admin = try await http.login("admin", "admin")
        try await waitForPhoneIndex(http, cookie: admin)
        report.directoryReadyTime = ContinuousClock.now - server.launched
        report.restingMemoryBytes = server.residentMemoryBytes
        // What the database holds, whichever run made it.
        report.contacts = try await http.total("/api/contacts?limit=1", cookie: admin)
        report.calls = try await http.total("/api/calls?limit=1", cookie: admin)

        let phones = try await callerPhones(http, cookie: admin)
        let phonesFile = FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-bench-phones-\(run).txt")
        try phones.joined(separator: "\n").write(to: phonesFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: phonesFile) }
        let wrk = Wrk(connections: configuration.connections)
        let integration = server.baseURL + "/crm_integration"

        // The two are compared with each other, so they take turns: two halves each, interleaved,
        // and a slow moment of the machine weighs on both alike.
        let half = Duration.seconds(max(1, configuration.duration.components.seconds / 2))
        var health: [Wrk.Result] = []
        var contact: [Wrk.Result] = []
        for round in 1...2 {
            log("GET /health for \(half) (\(round) of 2)")
            health.append(try await wrk.run(script: "health", url: server.baseURL + "/health", duration: half))
            log("contact lookups for \(half) (\(round) of 2)")
            contact.append(try await wrk.run(
                script: "contact", url: integration, duration: half, environment: ["BENCH_TOKEN": token, "BENCH_PHONES": phonesFile.path]
            ))
        }
        report.health = Wrk.Result(combining: health)
        report.contact = Wrk.Result(combining: contact)

        log("history ingest for \(configuration.duration)")
        let before = report.calls ?? 0
        report.history = try await wrk.run(
            script: "history", url: integration, duration: configuration.duration,
            environment: ["BENCH_TOKEN": token, "BENCH_RUN": run, "BENCH_MANAGERS": "\(max(1, configuration.streamManagers))"]
        )
        report.historyStored = try await http.total("/api/calls?limit=1", cookie: admin) - before
        report.loadedMemoryBytes = server.residentMemoryBytes

        log("contact search")
        report.search = try await SearchBench(http: http, rounds: configuration.searchRounds).measure(cookie: admin)

        // Last: the phase ends by stopping the server with every stream still open.
        log("\(configuration.streamManagers * configuration.tabs) streams, \(configuration.eventsPerSecond) events/s")
        report.streams = try await StreamFanOutBench(
            http: http, integrationURL: integration, token: token,
            managers: (1...max(1, configuration.streamManagers)).map { "m\($0)" }, password: "demo", tabsPerManager: configuration.tabs,
            eventsPerSecond: configuration.eventsPerSecond, duration: configuration.streamDuration, run: run
        ).measure(memory: { server.residentMemoryBytes }, thenWhileOpen: { await server.stop() })

        return report
    }

    private func waitForPhoneIndex(_ http: BenchHTTP, cookie: String) async throws {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(120) {
            if try await http.get("/api/admin/status", cookie: cookie).json["phone_directory_ready"] as? Bool == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchmarkError.requestFailed("the phone directory did not finish loading")
    }

    /// Known contacts' numbers (read through the API, as any client could) and numbers nobody has,
    /// half and half, each written in one of the forms PBXs and people use, form-encoded.
    private func callerPhones(_ http: BenchHTTP, cookie: String) async throws -> [String] {
        let total = try await http.total("/api/contacts?limit=1", cookie: cookie)
        var known: [PhoneNumber] = []
        for page in 0..<8 {
            let offset = total > 500 ? Int.random(in: 0..<(total - 500)) : 0
            let items = try await http.get("/api/contacts?limit=500&offset=\(offset)", cookie: cookie).json["items"] as? [[String: Any]] ?? []
            known += items.flatMap { ($0["phones"] as? [String] ?? []).map(PhoneNumber.init(stored:)) }
            if total <= 500, page == 0 { break }
        }
        let unknown = (0..<max(known.count, 100)).map { _ in PhoneNumber(stored: String(format: "+7999%07d", Int.random(in: 0..<10_000_000))) }
        return (known + unknown).shuffled().map { FormURLEncoding.escape(Self.written($0)) }
    }

    /// `+79161234567` as `79161234567`, `89161234567`, `9161234567` or `+7 (916) 123-45-67`.
    static func written(_ phone: PhoneNumber) -> String {
        let digits = phone.dialString
        guard digits.count == 11, digits.hasPrefix("7") else { return digits }
        let national = digits.dropFirst()
        switch Int.random(in: 0..<4) {
        case 0: return digits
        case 1: return "8" + national
        case 2: return String(national)
        default:
            let n = Array(national)
            return "+7 (\(String(n[0..<3]))) \(String(n[3..<6]))-\(String(n[6..<8]))-\(String(n[8..<10]))"
        }
    }
}
