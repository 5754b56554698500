import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A `minicrm` command running in the background as an operator starts it, its standard output and
/// error collected for the test to read once it has stopped.
public final class CommandProcess: @unchecked Sendable {
    private let process = Process()
    private let collected: Task<String, Never>

    public init(_ arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = URL(fileURLWithPath: MiniCRMExecutable.path)
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let reader = pipe.fileHandleForReading
        // A thread of its own: a blocking read on the test's task pool could starve every other task.
        collected = Task {
            await withCheckedContinuation { done in
                Thread { done.resume(returning: String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)) }.start()
            }
        }
    }

    /// The JSON object in the file at `path`, once the command has written one that has `key`.
    public func waitForJSONFile(_ path: String, with key: String, timeout: Duration = .seconds(60)) async throws -> [String: Any]? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, process.isRunning {
            if let data = FileManager.default.contents(atPath: path),
                let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], object[key] != nil
            {
                return object
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// The `url` of the ready file `minicrm serve --ready-file` writes once it answers.
    public func waitForURL(readyFile: String, timeout: Duration = .seconds(60)) async throws -> String? {
        try await waitForJSONFile(readyFile, with: "url", timeout: timeout)?["url"] as? String
    }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// SIGKILL, as a crash or the OOM killer ends a process: no shutdown, nothing flushed. Returns
    /// what it wrote until then.
    public func kill() async -> String {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
        let output = await collected.value
        process.waitUntilExit()
        return output
    }

    /// A test that failed half-way still ends its command.
    deinit {
        if process.isRunning { process.terminate() }
    }

    /// SIGTERM, then everything the command wrote, and its exit status.
    public func stop() async -> (status: Int32, output: String) {
        if process.isRunning { process.terminate() }
        let output = await collected.value
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
