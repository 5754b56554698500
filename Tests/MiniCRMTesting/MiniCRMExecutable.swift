import Foundation

/// The built `minicrm` program, for tests that run a command as an operator would.
/// `bash Tests/test.sh` builds it (`swift build --build-tests`) before running the tests.
public enum MiniCRMExecutable {
    public static var path: String {
        if let configured = ProcessInfo.processInfo.environment["MINICRM_EXECUTABLE"] { return configured }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../.build/debug/minicrm").standardizedFileURL.path
    }

    public static var exists: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// `swift build -c release --static-swift-stdlib`'s `minicrm`, when one was built and named:
    /// `MINICRM_STATIC=1 bash Tests/test.sh` builds it and sets `MINICRM_STATIC_EXECUTABLE`.
    public static var staticPath: String? { ProcessInfo.processInfo.environment["MINICRM_STATIC_EXECUTABLE"] }

    /// The repository's root, where `Public/` and `SeedData/` are.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    }
}
