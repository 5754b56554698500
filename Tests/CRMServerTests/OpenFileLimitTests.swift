import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import NIOCore
import NIOHTTP1
import PBXTools
import Testing

/// File descriptors: a process allowed 256 of them once died (libdispatch aborts when it cannot
/// open `/proc/…/stat`) under 400 idle sockets. Connections are now capped below the limit, and
/// the one idle the longest makes room for a new one.
@Suite struct OpenFileLimitTests {
    @Test(.timeLimit(.minutes(2))) func sixHundredSocketsAgainstA256FileLimit() async throws {
        try #require(MiniCRMExecutable.exists, "build minicrm first: bash Tests/test.sh does it (\(MiniCRMExecutable.path))")
        RawSocket.raiseOpenFileLimit()
        let port = ServerProcess.freePort()
        let server = try await ServerProcess.start(
            executable: "/bin/sh",
            arguments: [
                "-c", #"ulimit -n 256 && exec "$0" "$@""#, MiniCRMExecutable.path, "serve", "--port", "\(port)", "--database", ":memory:",
                "--crm-token", "fd-token", "--log-level", "error",
            ],
            port: port
        )
        defer { Task { await server.stop() } }

        let sockets = (0..<600).compactMap { _ in RawSocket(port: port) }
        #expect(sockets.count == 600)
        for socket in sockets.prefix(300) { socket.send("GET /health HTTP/1.1\r\nHost: x\r\n") }

        // While the idle sockets are still open, the PBX's lookup gets in: at once, not once the
        // idle ones time out (10 s).
        let lookup = "/crm_integration?cmd=contact&phone=79161234567&callid=FD-1&crm_token=fd-token"
        #expect(try await Self.status(server.baseURL + lookup, timeout: .seconds(5)) == 200)
        #expect(try await Self.status(server.baseURL + "/health", method: .GET) == 200)
        #expect(server.isRunning)
        withExtendedLifetime(sockets) {}
        #expect(try await Self.status(server.baseURL + lookup) == 200)
    }

    private static func status(_ url: String, method: HTTPMethod = .POST, timeout: TimeAmount = .seconds(20)) async throws -> UInt {
        var request = HTTPClientRequest(url: url)
        request.method = method
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        _ = try await response.body.collect(upTo: 1 << 16)
        return response.status.code
    }
}
