import Foundation
import MiniCRMTesting
import NIOHTTP1
import Testing

@testable import CRMServer

/// The test controls exist only when enabled: `minicrm serve` has them off unless `--test-controls`,
/// `minicrm demo` on unless `--no-test-controls`.
@Suite struct TestControlsTests {
    static let controls: [(HTTPMethod, String)] = [
        (.POST, "/api/admin/reset"), (.POST, "/api/admin/load"), (.GET, "/api/admin/faults"), (.PUT, "/api/admin/faults/contact"),
        (.DELETE, "/api/admin/faults/contact"), (.DELETE, "/api/admin/faults"),
    ]

    @Test func withoutTestControlsTheyDoNotExistEvenForAnAdmin() async throws {
        try await withServer(seed: true, configure: { $0.testControls = false }) { server throws in
            let admin = try await APIClient.admin(server)
            for (method, path) in Self.controls {
                let body: [UInt8]? = method == .GET || method == .DELETE ? nil : Array("{}".utf8)
                let reply = try await admin.request(method, path, body: body, contentType: body == nil ? nil : "application/json")
                #expect(reply.status == 404, "\(method) \(path)")
            }
            // The status stays: it changes nothing.
            #expect(try await admin.get("/api/admin/status").status == 200)
        }
    }

    @Test func theProductionDefaultIsOff() {
        #expect(AppConfiguration().testControls == false)
        #expect(AppConfiguration().allowPrivatePBX == false)
    }

    @Test func serveHasThemOffAndTheFlagTurnsThemOn() async throws {
        guard MiniCRMExecutable.exists else { return }
        for (flags, expected) in [([String](), 404), (["--test-controls"], 200)] {
            let ready = FileManager.default.temporaryDirectory.appendingPathComponent("ready-\(UUID().uuidString).json").path
            defer { try? FileManager.default.removeItem(atPath: ready) }
            let process = try CommandProcess(["serve", "--port", "0", "--database", ":memory:", "--log-level", "error", "--ready-file", ready] + flags)
            let url = try #require(try await process.waitForURL(readyFile: ready))
            let admin = APIClient(baseURL: url)
            #expect(try await admin.login("admin", "admin").status == 200)
            #expect(try await admin.get("/api/admin/faults").status == expected, "\(flags)")
            _ = await process.stop()
        }
    }
}
