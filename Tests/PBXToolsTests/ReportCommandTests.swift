import Foundation
import MiniCRMTesting
import PBXTools
import Testing

/// `minicrm conformance`, `simulate` and `replay` as a CI job runs them: a report file or a report on
/// stdout, and the exit code.
@Suite(.timeLimit(.minutes(2))) struct ReportCommandTests {
    func minicrm(_ arguments: [String], standardErrorToo: Bool = true) async throws -> (status: Int32, output: String) {
        try #require(MiniCRMExecutable.exists, "build minicrm first: bash Tests/test.sh does it (\(MiniCRMExecutable.path))")
        return try await ChildProcess.run(MiniCRMExecutable.path, arguments, timeout: .seconds(90), standardErrorToo: standardErrorToo)
    }

    func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-\(UUID().uuidString)-\(name)").path
    }

    @Test func conformanceWritesJUnitToTheOutputFileAndTheTableToTheConsole() async throws {
        try await withServer(seed: true) { server in
            let file = temporaryFile("conformance.xml")
            defer { try? FileManager.default.removeItem(atPath: file) }
            let run = try await minicrm([
                "conformance", "--crm", server.integrationURL, "--token", server.crmToken, "--only", "realworld,token",
                "--format", "junit", "--output", file,
            ])
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains("CONFORMANT"))
            let suite = try #require(try XMLTree.parse(String(contentsOfFile: file, encoding: .utf8)).first("testsuite"))
            let names = suite.all("testcase").compactMap { $0.attributes["name"] }
            #expect(names.filter { $0.hasPrefix("realworld.") }.count == ConformanceCheck.realWorld.count)
            #expect(names.contains("token.wrong"))
            #expect(suite.attributes["failures"] == "0")
        }
    }

    @Test func simulateWritesOnlyItsJSONReportToStdout() async throws {
        try await withServer(seed: true) { server in
            let run = try await minicrm(
                [
                    "simulate", "--crm", server.integrationURL, "--token", server.crmToken, "group-missed", "--speed", "1000",
                    "--calls", "2", "--format", "json",
                ], standardErrorToo: false)
            #expect(run.status == 0, "\(run.output)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
            #expect(report["calls"] as? Int == 2)
            #expect(report["failed"] as? Int == 0)
            #expect((report["scenarios"] as? [[String: Any]])?.allSatisfy { $0["name"] as? String == "group-missed" } == true)
        }
    }

    @Test func replayExitsNonZeroOnADifferenceAndNamesIt() async throws {
        try await withServer(seed: true) { server in
            let file = temporaryFile("traffic.ndjson")
            defer { try? FileManager.default.removeItem(atPath: file) }
            try """
            {"time":"2026-12-01T08:15:02Z","params":{"cmd":"contact","phone":"79161234567","callid":"C-1","crm_token":"***"},"status":200,"answer":{"contact_name":"Смирнов Алексей Петрович","responsible":"ivanov"}}
            {"time":"2026-12-01T08:15:03Z","params":{"cmd":"contact","phone":"79990000001","callid":"C-2","crm_token":"***"},"status":200,"answer":{"contact_name":"Nobody"}}

            """.write(toFile: file, atomically: true, encoding: .utf8)
            let same = try await minicrm(["replay", "--crm", server.integrationURL, "--token", server.crmToken, "--as-fast-as-possible", file])
            #expect(same.status != 0)
            #expect(same.output.contains(#"line 2  contact C-2  answer {"contact_name":"Nobody"} → {}"#), "\(same.output)")
            #expect(same.output.contains("2 exchanges, 1 different"), "\(same.output)")
        }
    }
}
