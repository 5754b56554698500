import Foundation
import MiniCRMTesting
@testable import PBXTools
import Testing

/// `minicrm conformance --format junit|json` as CI reads it: well-formed, one test case per check,
/// every reason whole.
@Suite struct ConformanceReportTests {
    /// The checks a CRM that takes only the spec's examples fails, and the fault behind each.
    static let strictFailures: Set<String> = [
        "realworld.callid-uuid", "realworld.extra-fields", "realworld.extra-fields-kept", "realworld.user-pbx", "realworld.user-login",
        "realworld.status-case", "realworld.phone-forms", "history.later-fields",
    ]

    func strictReport() async throws -> ConformanceReport {
        try await withFaultyCRM(FaultyCRM.strict) { crm in
            let options = ConformanceOptions(
                crmURL: crm.integrationURL, token: FaultyCRM.token, expectedUsers: FaultyCRM.users, inspectURL: crm.inspectURL
            )
            return try await ConformanceRunner(options: options).selecting(["realworld", "history.later-fields"]).run()
        }
    }

    @Test func aStrictCRMFailsTheRealWorldChecksAndTheJUnitReportNamesThem() async throws {
        let report = try await strictReport()
        #expect(Set(report.ids(.fail)) == Self.strictFailures, "\(report.table())")

        let root = try XMLTree.parse(report.junit)
        #expect(root.name == "testsuites")
        let suites = root.all("testsuite")
        #expect(suites.count == 1)
        let suite = try #require(suites.first)
        #expect(suite.attributes["tests"] == "\(report.checks.count)")
        #expect(suite.attributes["failures"] == "\(Self.strictFailures.count)")
        // The JUnit schema's timestamp: no zone designator.
        #expect(suite.attributes["timestamp"]?.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/) != nil)
        let cases = suite.all("testcase")
        #expect(cases.map { $0.attributes["name"] ?? "" } == report.checks.map(\.id))
        let failed = cases.filter { $0.first("failure") != nil }.compactMap { $0.attributes["name"] }
        #expect(Set(failed) == Self.strictFailures)
        #expect(cases.allSatisfy { Double($0.attributes["time"] ?? "") != nil })

        // The reason says what the CRM refused, and why a real PBX sends it.
        let extra = try #require(cases.first { $0.attributes["name"] == "realworld.extra-fields" }?.first("failure"))
        let message = try #require(extra.attributes["message"])
        #expect(message.contains("rejects undocumented fields: z-flag=0"), "\(message)")
        #expect(message.contains("real PBXes send them"))
        #expect(extra.text.contains(message))
    }

    @Test func theJSONReportHasEveryCheckWithItsWholeReasonAndTime() async throws {
        let report = try await strictReport()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        #expect(json["verdict"] as? String == "NOT CONFORMANT")
        #expect(json["failed"] as? Int == Self.strictFailures.count)
        let checks = try #require(json["checks"] as? [[String: Any]])
        #expect(checks.compactMap { $0["id"] as? String } == report.checks.map(\.id))
        for (check, reported) in zip(checks, report.checks) {
            #expect(check["result"] as? String == reported.verdict.rawValue)
            #expect(check["reason"] as? String == reported.result.reason)
            #expect(check["elapsed_ms"] is Double)
        }
        // Whole, where the table cuts it.
        let longest = try #require(report.checks.max { $0.result.reason.count < $1.result.reason.count })
        #expect(longest.result.reason.count > 110)
        #expect(!report.table().contains(longest.result.reason))
    }

    @Test func checksThatCouldNotBeVerifiedAreSkippedAndOtherWarningsPass() throws {
        let report = ConformanceReport(
            url: "http://crm.example/crm",
            checks: [
                CheckReport(
                    id: "contact.known", title: "known", result: .notVerifiable("not verifiable: give --known-phone"), elapsed: .milliseconds(1)
                ),
                CheckReport(id: "content-type.success", title: "charset", result: .warn("no charset"), elapsed: .milliseconds(2)),
                CheckReport(id: "token.wrong", title: "token", result: .pass("401"), elapsed: .milliseconds(3)),
            ],
            elapsed: .milliseconds(6)
        )
        let cases = try XMLTree.parse(report.junit).all("testcase")
        #expect(cases[0].first("skipped")?.attributes["message"] == "not verifiable: give --known-phone")
        #expect(cases[1].first("skipped") == nil && cases[1].first("failure") == nil)
        #expect(cases[1].first("system-out")?.text == "WARN: no charset")
        #expect(cases[2].children.map(\.name) == ["system-out"])
        #expect(try XMLTree.parse(report.junit).first("testsuite")?.attributes["skipped"] == "1")
    }

    /// A reason quoting a CRM's raw answer may hold markup and control characters: the report still parses.
    @Test func reasonsWithMarkupAndControlCharactersStayWellFormed() throws {
        let reason = "200 <html>&amp; \"quoted\" 'single'\u{1B}[31mred\u{0}\u{7F}\ttab\r\nline ]]> \u{FFFE}"
        let report = ConformanceReport(
            url: "http://crm.example/?a=1&b=<2>",
            checks: [CheckReport(id: "contact.unknown", title: "<unknown> & co", result: .fail(reason), elapsed: .milliseconds(1))],
            elapsed: .milliseconds(1)
        )
        let failure = try #require(try XMLTree.parse(report.junit).first("failure"))
        let message = try #require(failure.attributes["message"])
        #expect(message.hasPrefix("200 <html>&amp; \"quoted\" 'single'\\u{1B}[31mred\\u{0}\u{7F}\ttab\r\nline ]]> \\u{FFFE}"))
        #expect(failure.text.contains("<unknown> & co"))
    }
}
