import AsyncHTTPClient
import Foundation

/// MiniCRM started as a child process, as an operator would start it, so that the benchmark
/// measures its real start-up time and memory.
public final class ServerProcess: @unchecked Sendable {
    public let baseURL: String
    public let pid: Int32
    /// When the process was spawned.
    public let launched: ContinuousClock.Instant
    /// From spawning the process to its first `200` on `/health`.
    public let startupTime: Duration
    private let process: Process

    private init(process: Process, baseURL: String, launched: ContinuousClock.Instant, startupTime: Duration) {
        self.process = process
        self.pid = process.processIdentifier
        self.baseURL = baseURL
        self.launched = launched
        self.startupTime = startupTime
    }

    /// Starts `executable serve …` on `port` and waits until it answers `/health`.
    public static func start(executable: String, arguments: [String], port: Int, timeout: Duration = .seconds(60)) async throws
        -> ServerProcess
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.standardError
        let baseURL = "http://127.0.0.1:\(port)"
        let started = ContinuousClock.now
        try process.run()
        while ContinuousClock.now - started < timeout {
            guard process.isRunning else { throw BenchmarkError.serverExited(process.terminationStatus) }
            var request = HTTPClientRequest(url: baseURL + "/health")
            request.method = .GET
            if let response = try? await HTTPClient.pbxTools.execute(request, timeout: .seconds(1)), response.status == .ok {
                let ready = ContinuousClock.now - started
                _ = try? await response.body.collect(upTo: 1024)
                return ServerProcess(process: process, baseURL: baseURL, launched: started, startupTime: ready)
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        process.terminate()
        throw BenchmarkError.serverDidNotStart
    }

    public var isRunning: Bool { process.isRunning }

    /// Resident memory, from `/proc`.
    public var residentMemoryBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return nil }
        return line.split(separator: " ").compactMap { Int($0) }.first.map { $0 * 1024 }
    }

    /// SIGTERM, then waits for the graceful shutdown; returns how long it took. Stopping a stopped
    /// server does nothing.
    @discardableResult
    public func stop() async -> Duration {
        let started = ContinuousClock.now
        guard process.isRunning else { return .zero }
        process.terminate()
        while process.isRunning, ContinuousClock.now - started < .seconds(10) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        if process.isRunning { kill(pid, SIGKILL) }
        return ContinuousClock.now - started
    }

    /// A free loopback port for the child to listen on.
    public static func freePort() -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

public enum BenchmarkError: Error, CustomStringConvertible {
    case serverExited(Int32)
    case serverDidNotStart
    case requestFailed(String)

    public var description: String {
        switch self {
        case .serverExited(let status): "the server exited with status \(status)"
        case .serverDidNotStart: "the server did not answer /health in time"
        case .requestFailed(let what): what
        }
    }
}
