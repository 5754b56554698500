import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import PBXTools
import Testing

/// `minicrm demo` as a sales engineer runs it: pop-ups stream in and the history fills, with
/// recordings that play.
@Suite struct DemoCommandTests {
    @Test(.timeLimit(.minutes(2))) func theDemoShowsLivePopUpsAndFillsTheHistory() async throws {
        try #require(MiniCRMExecutable.exists, "build minicrm first: bash Tests/test.sh does it (\(MiniCRMExecutable.path))")
        let port = ServerProcess.freePort()
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-demo-\(UUID().uuidString).sqlite").path
        let demo = try await ServerProcess.start(
            executable: MiniCRMExecutable.path,
            arguments: ["demo", "--port", "\(port)", "--database", database, "--speed", "40", "--interval", "2", "--log-level", "warning"],
            port: port
        )
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }

        // Everyone's calls, as the admin's live board sees them.
        let admin = try await MiniCRMAPI.loggedIn(demo.baseURL)
        var request = HTTPClientRequest(url: demo.baseURL + "/api/stream?all=1")
        request.headers.add(name: "Cookie", value: admin.cookie)
        let stream = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        // A phone starts ringing within seconds (the test's time limit bounds the wait).
        var received = ""
        for try await chunk in stream.body {
            received += String(buffer: chunk)
            if received.contains("\"state\":\"INCOMING\"") || received.contains("\"state\":\"OUTGOING\"") { break }
        }
        #expect(received.contains("event: call"))

        let seeded = 40
        var recorded: [String: Any]?
        let deadline = ContinuousClock.now + .seconds(60)
        while recorded == nil, ContinuousClock.now < deadline {
            let calls = try await admin.calls(query: "limit=100")
            if calls.count > seeded {
                recorded = calls.first { ($0["recordings"] as? [String])?.first?.hasSuffix(".wav") == true && ($0["callid"] as? String)?.hasPrefix("DEMO") == true }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let call = try #require(recorded, "no demo call with a recording reached the history")
        let recording = try #require((call["recordings"] as? [String])?.first)
        let audio = try await HTTPClient.shared.execute(HTTPClientRequest(url: recording), timeout: .seconds(10))
        let bytes = try await audio.body.collect(upTo: 4 << 20)
        #expect(audio.status == .ok)
        #expect(String(decoding: Array(bytes.readableBytesView.prefix(4)), as: UTF8.self) == "RIFF")

        #expect(await demo.stop() < .seconds(10))
    }
}
