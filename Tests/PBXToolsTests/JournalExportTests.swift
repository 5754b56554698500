import Foundation
import MiniCRMTesting
import PBXProtocol
@testable import PBXTools
import Testing

/// `GET /api/journal/export`: a MiniCRM's journal as the NDJSON `minicrm replay` reads.
@Suite(.timeLimit(.minutes(3))) struct JournalExportTests {
    static let fixtureURL = ReplayTests.fixtureURL

    func replayer(_ server: TestServer) -> Replayer {
        Replayer(
            client: CRMEndpointClient(url: server.integrationURL, token: server.crmToken, httpClient: .pbxTools, timeout: .seconds(5)),
            pacing: .asFastAsPossible)
    }

    /// The "done when" of record and replay: fixture traffic recorded by one fresh MiniCRM, exported,
    /// and replayed by `minicrm replay` against another fresh MiniCRM, answers no differently.
    @Test func anExportReplayedAgainstAFreshMiniCRMReportsNoDifferences() async throws {
        try #require(MiniCRMExecutable.exists, "build minicrm first: bash Tests/test.sh does it (\(MiniCRMExecutable.path))")
        let fixture = try ReplayFile.entries(Data(contentsOf: Self.fixtureURL))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-export-\(UUID().uuidString).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await withServer(seed: true) { server in
            let result = await replayer(server).run(fixture)
            #expect(!result.failed, "\(result.differing.map(ReplayReport.line))")
            // A refused request is a summary without parameters: not replayable, so not exported.
            _ = try await CRMEndpointClient(url: server.integrationURL, token: "wrong", httpClient: .pbxTools, timeout: .seconds(5))
                .send(parameters: ["cmd": "users", "crm_token": "wrong"])
            let api = try await MiniCRMAPI.loggedIn(server.baseURL)
            let export = try await api.raw(.GET, "/api/journal/export")
            #expect(export.status == 200)
            #expect(export.contentType?.hasPrefix("application/x-ndjson") == true)
            try export.body.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let exported = try ReplayFile.entries(Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(exported.count == fixture.count)
        #expect(exported.allSatisfy { $0.exchange.params["crm_token"] == RecordedExchange.redacted && $0.exchange.time != nil })
        #expect(exported.allSatisfy { $0.exchange.answer != nil })
        #expect(exported.contains { $0.exchange.answer == .object(["contact_name": .string("Смирнов Алексей Петрович"), "responsible": .string("ivanov")]) })
        try await withServer(seed: true) { server in
            let run = try await ChildProcess.run(
                MiniCRMExecutable.path,
                ["replay", "--crm", server.integrationURL, "--token", server.crmToken, file, "--as-fast-as-possible", "--format", "json"],
                timeout: .seconds(90), standardErrorToo: false)
            #expect(run.status == 0, "\(run.output)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            #expect(report["exchanges"] as? Int == fixture.count)
            #expect(report["different"] as? Int == 0)
        }
    }

    @Test func theExportKeepsStatusesAndAnswersAndFiltersByCallAndTime() async throws {
        try await withServer(seed: true) { server in
            let client = CRMEndpointClient(url: server.integrationURL, token: server.crmToken, httpClient: .pbxTools, timeout: .seconds(5))
            _ = try await client.send(parameters: ["cmd": "contact", "phone": "79161234567", "callid": "EXP-1", "crm_token": server.crmToken])
            _ = try await client.send(parameters: ["cmd": "teleport", "callid": "EXP-2", "crm_token": server.crmToken])
            let api = try await MiniCRMAPI.loggedIn(server.baseURL)
            let one = try ReplayFile.entries(Data(try await api.raw(.GET, "/api/journal/export?callid=EXP-2").body.utf8))
            #expect(one.map(\.exchange.status) == [400])
            #expect(one.first?.exchange.params["cmd"] == "teleport")
            #expect(one.first?.exchange.answer == .object(["error": .string("Invalid parameters")]))
            let future = try await api.raw(.GET, "/api/journal/export?since=2100-01-01T00:00:00Z")
            #expect(future.status == 200 && future.body.isEmpty)
            let past = try ReplayFile.entries(Data(try await api.raw(.GET, "/api/journal/export?until=2100-01-01T00:00:00Z").body.utf8))
            #expect(past.map { $0.exchange.params["callid"] } == ["EXP-1", "EXP-2"])
            #expect(try await api.raw(.GET, "/api/journal/export?since=yesterday").status == 400)
            // The journal API shows the answer too.
            let journal = try await api.object("/api/journal?callid=EXP-1")
            let entry = try #require((journal["items"] as? [[String: Any]])?.first)
            #expect((entry["answer"] as? String)?.contains("Смирнов") == true)
        }
    }
}
