import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import Testing

/// `minicrm serve` as a script starts it: on any free port, quiet, telling where it answers.
@Suite struct ServeCommandTests {
    @Test(.timeLimit(.minutes(1))) func theReadyFileAndTheFirstLineSayWhereMiniCRMAnswersAtAnyLogLevel() async throws {
        try #require(MiniCRMExecutable.exists, "build minicrm first: bash Tests/test.sh does it (\(MiniCRMExecutable.path))")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-ready-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let readyFile = directory.appendingPathComponent("ready.json").path
        try Data("{\"port\": 1}".utf8).write(to: URL(fileURLWithPath: readyFile))  // left by an earlier run

        let serve = try CommandProcess([
            "serve", "--port", "0", "--database", ":memory:", "--no-seed", "--log-level", "error", "--ready-file", readyFile,
        ])
        let ready = try await serve.waitForJSONFile(readyFile, with: "url")
        let port = try #require(ready?["port"] as? Int)
        let url = try #require(ready?["url"] as? String)
        let token = try #require(ready?["crm_token"] as? String)
        #expect(port != 1 && port > 0)
        #expect(url == "http://127.0.0.1:\(port)")
        #expect(ready?["integration_url"] as? String == url + "/crm_integration")
        #expect(token.count >= 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: readyFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["ready.json"])

        // It answers at once, with the token it wrote.
        var request = HTTPClientRequest(url: url + "/crm_integration")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(.init(string: "cmd=users&crm_token=\(token)"))
        let users = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await users.body.collect(upTo: 1 << 16)
        #expect(users.status == .ok)

        let (status, output) = await serve.stop()
        #expect(status == 0)
        #expect(output.contains("MiniCRM is running on \(url)/ integration_url=\(url)/crm_integration crm_token=\(token)"))
        #expect(!FileManager.default.fileExists(atPath: readyFile), "a stopped server leaves no ready file behind")
    }
}
