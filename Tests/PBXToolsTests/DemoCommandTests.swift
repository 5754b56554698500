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
        do {
            try await watch(demo)
        } catch {
            await demo.stop()  // a failed check must not leave the demo running
            throw error
        }
        #expect(await demo.stop() < .seconds(10))
    }

    private func watch(_ demo: ServerProcess) async throws {
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
                recorded = calls.first { call in
                    let link = (call["recordings"] as? [String])?.first.flatMap(URLComponents.init(string:))
                    return link?.path.hasSuffix(".wav") == true && (call["callid"] as? String)?.hasPrefix("DEMO") == true
                }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let call = try #require(recorded, "no demo call with a recording reached the history")
        let recording = try #require((call["recordings"] as? [String])?.first)
        let audio = try await HTTPClient.shared.execute(HTTPClientRequest(url: recording), timeout: .seconds(10))
        let bytes = try await audio.body.collect(upTo: 4 << 20)
        #expect(audio.status == .ok)
        #expect(String(decoding: Array(bytes.readableBytesView.prefix(4)), as: UTF8.self) == "RIFF")
        // As long as the call: 8 kHz, two bytes a sample.
        let duration = try #require(call["duration"] as? Int)
        #expect(duration > 0)
        #expect(bytes.readableBytes == 44 + duration * 16000)
    }

    @Test(.timeLimit(.minutes(1))) func theTokenGivenIsTheTokenLoggedAndTheTokenInEffectOnceThePBXIsConnected() async throws {
        try #require(MiniCRMExecutable.exists, "build minicrm first: bash Tests/test.sh does it (\(MiniCRMExecutable.path))")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let readyFile = directory.appendingPathComponent("ready.json").path
        let token = "demo-token-\(UUID().uuidString.prefix(8))"
        let demo = try CommandProcess([
            "demo", "--port", "0", "--database", directory.appendingPathComponent("demo.sqlite").path, "--crm-token", token,
            "--ready-file", readyFile, "--speed", "40", "--interval", "1", "--log-level", "warning",
        ])
        let ready = try await demo.waitForJSONFile(readyFile, with: "crm_token")
        #expect(ready?["crm_token"] as? String == token)
        let url = try #require(ready?["url"] as? String)

        // The in-process PBX logs in with the token in effect instead of a fresh one.
        let admin = try await MiniCRMAPI.loggedIn(url)
        let deadline = ContinuousClock.now + .seconds(30)
        while try await admin.object("/api/pbx")["connected"] as? Bool != true, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await admin.object("/api/pbx")["connected"] as? Bool == true)
        var request = HTTPClientRequest(url: url + "/crm_integration")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(.init(string: "cmd=contact&phone=79161234567&callid=TOKEN-1&crm_token=\(token)"))
        let contact = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await contact.body.collect(upTo: 1 << 16)
        #expect(contact.status == .ok)
        #expect(String(buffer: body).contains("Смирнов Алексей Петрович"))

        let (_, output) = await demo.stop()
        #expect(output.contains("crm_token=\(token)"))
        #expect(output.components(separatedBy: "crm_token=").count == 2, "one token, logged once:\n\(output)")
    }
}
