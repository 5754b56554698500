import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import PBXTools
import Testing

/// The statically linked `minicrm` as it is shipped: one program beside `Public/` and `SeedData/`,
/// run with nothing of the Swift toolchain in reach. Runs when `MINICRM_STATIC_EXECUTABLE` names one
/// (`MINICRM_STATIC=1 bash Tests/test.sh` builds it; a release build costs minutes CI need not spend on every run).
@Suite(.enabled(if: MiniCRMExecutable.staticPath != nil, "set MINICRM_STATIC_EXECUTABLE to a static build"))
struct StaticExecutableTests {
    /// `env` arguments that run a program in `directory` with a clean environment: no toolchain on PATH, no library path.
    static func bareEnvironment(in directory: URL) -> [String] { ["-i", "--chdir", directory.path, "PATH=/usr/bin:/bin"] }

    @Test func itNeedsOnlyTheSystemsLibraries() async throws {
        let binary = try #require(MiniCRMExecutable.staticPath)
        let (status, output) = try await ChildProcess.run("/usr/bin/ldd", [binary], timeout: .seconds(30))
        #expect(status == 0, "\(output)")
        let libraries = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(!libraries.isEmpty)
        for library in libraries {
            #expect(!library.contains("libswift") && !library.contains("libFoundation") && !library.contains("libdispatch"), "\(library)")
            #expect(!library.contains("not found"), "\(library)")
            #expect(!library.contains("/opt/swift") && !library.contains("/usr/lib/swift"), "\(library)")
        }
        #expect(libraries.contains { $0.hasPrefix("libsqlite3") }, "\(output)")
    }

    @Test(.timeLimit(.minutes(2))) func shippedBesideItsFilesItServesAndChecksACRM() async throws {
        let binary = try #require(MiniCRMExecutable.staticPath)
        let ship = FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-ship-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: ship, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: ship) }
        try FileManager.default.copyItem(atPath: binary, toPath: ship.appendingPathComponent("minicrm").path)
        for folder in ["Public", "SeedData"] {
            try FileManager.default.copyItem(at: MiniCRMExecutable.repositoryRoot.appendingPathComponent(folder), to: ship.appendingPathComponent(folder))
        }
        let inShip = Self.bareEnvironment(in: ship) + ["./minicrm"]

        let help = try await ChildProcess.run("/usr/bin/env", inShip + ["--help"], timeout: .seconds(30))
        #expect(help.status == 0)
        #expect(help.output.contains("USAGE: minicrm"), "\(help.output)")

        let port = ServerProcess.freePort()
        let server = try await ServerProcess.start(
            executable: "/usr/bin/env",
            arguments: inShip + ["serve", "--port", "\(port)", "--database", ":memory:", "--crm-token", "static-token", "--log-level", "warning"],
            port: port
        )
        defer { Task { await server.stop() } }
        let page = try await HTTPClient.shared.execute(HTTPClientRequest(url: server.baseURL + "/"), timeout: .seconds(10))
        #expect(page.status == .ok)
        #expect(String(buffer: try await page.body.collect(upTo: 1 << 20)).contains("<html"))

        let checked = try await ChildProcess.run(
            "/usr/bin/env",
            inShip + [
                "conformance", "--crm", server.baseURL + "/crm_integration", "--token", "static-token", "--only", "token,encodings,realworld",
                "--format", "junit",
            ],
            timeout: .seconds(60)
        )
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.output.contains("<testsuites name=\"minicrm conformance\""), "\(checked.output)")
        #expect(await server.stop() < .seconds(10))
    }
}
