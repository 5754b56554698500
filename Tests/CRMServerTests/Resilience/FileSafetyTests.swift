import Foundation
import Logging
import MiniCRMTesting
import Testing

@testable import CRMStore

/// The files MiniCRM keeps are its user's alone, and one it cannot use stops it with a clear
/// message — never a SIGBUS.
@Suite struct FileSafetyTests {
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func theDatabaseAndItsCompanionsAre0600() async throws {
        let path = TestServer.temporaryDatabase()
        defer { TestServer.removeDatabase(at: path) }
        try await withServer(seed: false, databasePath: path) { server throws in
            _ = try await APIClient(baseURL: server.baseURL).form("/crm_integration", ["cmd": "users", "crm_token": server.crmToken])
            for file in [path, path + "-wal", path + "-shm"] {
                #expect(Self.mode(file) == 0o600, "\(file)")
            }
        }
    }

    @Test func anUnwritableSHMFileFailsStartUpWithAClearMessage() async throws {
        let path = TestServer.temporaryDatabase()
        defer {
            _ = try? ChildProcess.runSync("/usr/bin/chattr", ["-i", path + "-shm"])
            try? FileManager.default.removeItem(atPath: path + "-shm")
            TestServer.removeDatabase(at: path)
        }
        _ = try SQLiteStore(path: path, logger: Logger(label: "test"))
        // Not a file at all.
        try FileManager.default.createDirectory(atPath: path + "-shm", withIntermediateDirectories: false)
        #expect(throws: DatabaseFiles.Unusable.self) { _ = try SQLiteStore(path: path, logger: Logger(label: "test")) }
        try FileManager.default.removeItem(atPath: path + "-shm")
        // Immutable (what made SQLite map it read-only and die of SIGBUS); root cannot write it either.
        _ = FileManager.default.createFile(atPath: path + "-shm", contents: Data())
        guard (try? ChildProcess.runSync("/usr/bin/chattr", ["+i", path + "-shm"])) == 0 else { return }
        do {
            _ = try SQLiteStore(path: path, logger: Logger(label: "test"))
            Issue.record("an immutable -shm was accepted")
        } catch let error as DatabaseFiles.Unusable {
            #expect(error.description.contains(path + "-shm"))
            #expect(error.description.contains("cannot be opened for writing"))
        }
    }

    @Test func theTokenCanComeFromAFileInsteadOfTheCommandLine() async throws {
        guard MiniCRMExecutable.exists else { return }
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
        let ready = tokenFile + ".ready"
        defer { for file in [tokenFile, ready] { try? FileManager.default.removeItem(atPath: file) } }
        try "from-a-file-4242\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let server = try CommandProcess(["serve", "--port", "0", "--database", ":memory:", "--crm-token-file", tokenFile, "--log-level", "error", "--ready-file", ready])
        let url = try #require(try await server.waitForURL(readyFile: ready))
        #expect(try await APIClient(baseURL: url).form("/crm_integration", ["cmd": "users", "crm_token": "from-a-file-4242"]).status == 200)
        #expect(Self.mode(ready) == 0o600)
        let arguments = (try? String(contentsOfFile: "/proc/\(server.processIdentifier)/cmdline", encoding: .utf8)) ?? ""
        #expect(!arguments.contains("from-a-file-4242"))
        _ = await server.stop()
    }
}

extension ChildProcess {
    /// Runs a short command to its end and returns its exit status.
    static func runSync(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
