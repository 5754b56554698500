import Foundation

/// Runs programs the tests drive from outside: the browser script, the `minicrm` executable.
public enum ChildProcess {
    /// Runs `executable` to completion with stdout and stderr together, killing it if it outlives `timeout`.
    public static func run(_ executable: String, _ arguments: [String], timeout: Duration) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            process.terminate()
        }
        let output = await Task.detached { String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }.value
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, output)
    }
}
