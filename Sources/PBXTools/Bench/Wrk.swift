import Foundation

/// Drives load with wrk (Debian's `wrk`), the same tool as the reference numbers, using the Lua
/// scripts kept beside this file. wrk is C and nearly free, so the server keeps the CPU it shares.
public struct Wrk: Sendable {
    public struct Result: Sendable, Codable, Equatable {
        public var requests: Int
        public var durationMicroseconds: Int
        public var connectErrors: Int
        public var readErrors: Int
        public var writeErrors: Int
        public var statusErrors: Int
        public var timeouts: Int
        public var p50Microseconds: Int
        public var p99Microseconds: Int
        public var maxMicroseconds: Int

        enum CodingKeys: String, CodingKey {
            case requests, timeouts
            case durationMicroseconds = "duration_us"
            case connectErrors = "connect_errors"
            case readErrors = "read_errors"
            case writeErrors = "write_errors"
            case statusErrors = "status_errors"
            case p50Microseconds = "p50_us"
            case p99Microseconds = "p99_us"
            case maxMicroseconds = "max_us"
        }

        /// Several runs as one: their requests over their time; of the latency figures, the worst.
        public init(combining runs: [Result]) {
            requests = runs.reduce(0) { $0 + $1.requests }
            durationMicroseconds = runs.reduce(0) { $0 + $1.durationMicroseconds }
            connectErrors = runs.reduce(0) { $0 + $1.connectErrors }
            readErrors = runs.reduce(0) { $0 + $1.readErrors }
            writeErrors = runs.reduce(0) { $0 + $1.writeErrors }
            statusErrors = runs.reduce(0) { $0 + $1.statusErrors }
            timeouts = runs.reduce(0) { $0 + $1.timeouts }
            p50Microseconds = runs.map(\.p50Microseconds).max() ?? 0
            p99Microseconds = runs.map(\.p99Microseconds).max() ?? 0
            maxMicroseconds = runs.map(\.maxMicroseconds).max() ?? 0
        }

        public var requestsPerSecond: Double { Double(requests) / (Double(durationMicroseconds) / 1e6) }
        /// Requests answered 2xx: what the server acknowledged.
        public var acknowledged: Int { requests - statusErrors }
        public var socketErrors: Int { connectErrors + readErrors + writeErrors + timeouts }
        public var p50: Duration { .microseconds(p50Microseconds) }
        public var p99: Duration { .microseconds(p99Microseconds) }
    }

    public enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case failed(String)

        public var description: String {
            switch self {
            case .notInstalled: "wrk is not installed: apt-get install wrk"
            case .failed(let output): "wrk failed: \(output)"
            }
        }
    }

    public var executable: String
    public var threads: Int
    public var connections: Int

    public init(executable: String = "/usr/bin/wrk", threads: Int = 1, connections: Int = 32) {
        self.executable = executable
        self.threads = threads
        self.connections = connections
    }

    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") }

    /// The folder holding the Lua scripts.
    static var scripts: String {
        Bundle.module.resourceURL!.appendingPathComponent("wrk").path
    }

    /// Runs `script` against `url` for `duration`; `environment` reaches the script through `os.getenv`.
    public func run(script: String, url: String, duration: Duration, environment: [String: String] = [:]) async throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw Failure.notInstalled }
        let seconds = max(1, Int(duration.components.seconds))
        let output = try await ChildProcess.run(
            executable,
            ["-t\(threads)", "-c\(connections)", "-d\(seconds)s", "--timeout", "5s", "-s", "\(Self.scripts)/\(script).lua", url],
            environment: environment.merging(["BENCH_DIR": Self.scripts]) { $1 }
        )
        guard let line = output.output.split(separator: "\n").first(where: { $0.hasPrefix("BENCH ") }) else {
            throw Failure.failed(output.output)
        }
        return try JSONDecoder().decode(Result.self, from: Data(line.dropFirst("BENCH ".count).utf8))
    }
}

/// Runs a program to completion and collects what it printed.
enum ChildProcess {
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = await Task.detached { String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }.value
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
