import Foundation

/// Runs programs the tests drive from outside: the browser script, the `minicrm` executable.
public enum ChildProcess {
    /// Runs `executable` to completion with stdout and stderr together (or stdout alone, stderr
    /// discarded), killing it if it outlives `timeout`.
    ///
    /// The waiting happens on a thread of its own: blocking the few threads of Swift's concurrency
    /// pool would starve a server the same test runs in-process, which the child may be talking to.
    public static func run(
        _ executable: String, _ arguments: [String], timeout: Duration, standardErrorToo: Bool = true
    ) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = standardErrorToo ? pipe : FileHandle.nullDevice
        try process.run()
        let child = Unchecked(process)
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            child.value.terminate()
        }
        defer { watchdog.cancel() }
        return await withCheckedContinuation { continuation in
            Thread {
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                child.value.waitUntilExit()
                continuation.resume(returning: (child.value.terminationStatus, output))
            }.start()
        }
    }
}

/// A `Process` handed to the waiting thread and the watchdog: `Process` is thread-safe for these calls, not `Sendable`.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
