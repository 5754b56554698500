import Foundation
import PBXProtocol
import MiniCRMTesting
@testable import PBXTools
import Testing

/// `minicrm replay`: recorded traffic sent to another CRM, every answer compared with the recorded one.
@Suite struct ReplayTests {
    /// The shared fixture: real deployments' request sequences.
    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../CRMServerTests/Fixtures/pbx-traffic.json").standardizedFileURL

    func replayer(_ url: String, token: String = TestServer.token, pacing: Replayer.Pacing = .asFastAsPossible) -> Replayer {
        Replayer(client: CRMEndpointClient(url: url, token: token, httpClient: .pbxTools, timeout: .seconds(5)), pacing: pacing)
    }

    /// What a CRM's journal export writes for each answered request: time, parameters with the token redacted, status, answer.
    func recording(of result: ReplayResult, from start: Date) -> Data {
        let encoder = JSONEncoder()
        let lines = result.outcomes.map { outcome in
            var params = outcome.entry.exchange.params
            params["crm_token"] = RecordedExchange.redacted
            let exchange = RecordedExchange(
                time: start.addingTimeInterval(outcome.sentAt.inSeconds), params: params, status: outcome.exchange?.status ?? 0,
                answer: outcome.exchange.flatMap { JSONValue(parsing: $0.body) })
            return String(decoding: try! encoder.encode(exchange), as: UTF8.self)
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    @Test func aDayRecordedAgainstMiniCRMReplaysAgainstAFreshOneWithoutDifferences() async throws {
        let fixture = try ReplayFile.entries(Data(contentsOf: Self.fixtureURL))
        #expect(fixture.count > 30)
        let recorded = try await withServer(seed: true) { server in
            let result = await replayer(server.integrationURL, token: server.crmToken).run(fixture)
            #expect(!result.failed, "\(result.differing.map(ReplayReport.line))")
            return recording(of: result, from: Date(timeIntervalSince1970: 1_796_112_000))
        }
        let entries = try ReplayFile.entries(recorded)
        #expect(entries.count == fixture.count)
        #expect(entries.first?.source == "line 1")
        #expect(entries.contains { $0.exchange.answer == .object(["contact_name": .string("Смирнов Алексей Петрович"), "responsible": .string("ivanov")]) })
        try await withServer(seed: true) { server in
            let result = await replayer(server.integrationURL, token: server.crmToken).run(entries)
            #expect(result.outcomes.count == entries.count)
            #expect(result.differing.isEmpty, "\(result.differing.map(ReplayReport.line))")
        }
    }

    @Test func everyDifferentStatusOrAnswerIsReported() async throws {
        let ndjson = """
            {"time":"2026-12-01T08:15:02Z","params":{"cmd":"contact","phone":"79161234567","callid":"R-1","crm_token":"***"},"status":200,"answer":{"responsible":"ivanov","contact_name":"Смирнов Алексей Петрович"}}
            {"time":"2026-12-01T08:15:03.5Z","params":{"cmd":"contact","phone":"79161234567","callid":"R-2","crm_token":"***"},"status":200,"answer":{"contact_name":"Someone else"}}
            {"params":{"cmd":"event","type":"INCOMING","phone":"79161234567","user":"ivanov","callid":"R-3","crm_token":"wrong"},"status":200,"answer":{}}
            {"params":{"cmd":"teleport","crm_token":"***"},"status":400,"answer":{"error":"Invalid parameters"}}

            """
        let entries = try ReplayFile.entries(Data(ndjson.utf8))
        #expect(entries.map(\.source) == ["line 1", "line 2", "line 3", "line 4"])
        try await withServer(seed: true) { server in
            let result = await replayer(server.integrationURL, token: server.crmToken).run(entries)
            #expect(result.differing.map(\.entry.source) == ["line 2", "line 3"])
            #expect(result.differing[0].differences == [#"answer {"contact_name":"Someone else"} → {"contact_name":"Смирнов Алексей Петрович","responsible":"ivanov"}"#])
            #expect(result.differing[1].differences == [#"status 200 → 401"#, #"answer {} → {"error":"Invalid token"}"#])

            let report = ReplayReport(url: server.integrationURL, file: "day.ndjson", result: result)
            #expect(report.text.hasPrefix("line 2  contact R-2  answer "))
            let suite = try #require(try XMLTree.parse(report.junit).first("testsuite"))
            #expect(suite.attributes["tests"] == "4")
            #expect(suite.attributes["failures"] == "2")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
            #expect(json["different"] as? Int == 2)
        }
    }

    @Test func theRecordedSpacingIsKeptScaledBySpeed() async throws {
        try await withStubCRM { crm in
            let entries = try ReplayFile.entries(Data("""
                {"time":"2026-12-01T08:00:00Z","params":{"cmd":"event","callid":"S-1","crm_token":"***"},"answer":{}}
                {"time":"2026-12-01T08:00:20Z","params":{"cmd":"event","callid":"S-2","crm_token":"***"},"answer":{}}
                {"time":"2026-12-01T08:00:40Z","params":{"cmd":"event","callid":"S-3","crm_token":"***"},"answer":{}}
                """.utf8))
            let result = await replayer(crm.url, token: "replayed-token", pacing: .recorded(speed: 200)).run(entries)
            #expect(!result.failed, "\(result.differing.map(ReplayReport.line))")
            #expect(result.outcomes[1].sentAt >= .milliseconds(100))
            #expect(result.outcomes[2].sentAt >= .milliseconds(200))
            // Unscaled, the last would wait forty seconds.
            #expect(result.outcomes[2].sentAt < .seconds(20))
            let sent = try await crm.requests(count: 3)
            #expect(sent.map { $0["callid"] } == ["S-1", "S-2", "S-3"])
            #expect(sent.allSatisfy { $0["crm_token"] == "replayed-token" })
            #expect(sent.first?.pairs.first?.name == "cmd")
        }
    }

    @Test func aLineThatIsNoExchangeIsNamed() {
        #expect(throws: ReplayFile.Malformed.self) {
            try ReplayFile.entries(Data("{\"params\":{\"cmd\":\"users\"}}\nnot json\n".utf8))
        }
        do {
            _ = try ReplayFile.entries(Data("{\"params\":{\"cmd\":\"users\"}}\n{\"time\":\"yesterday\",\"params\":{}}\n".utf8))
        } catch {
            #expect("\(error)".hasPrefix("line 2 "))
        }
    }
}
