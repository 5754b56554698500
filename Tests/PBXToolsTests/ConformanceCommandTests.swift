import Foundation
import MiniCRMTesting
import Testing

@testable import PBXTools

/// `minicrm conformance` as a QA engineer runs it from a script.
@Suite struct ConformanceCommandTests {
    @Test(.timeLimit(.minutes(1))) func anEndpointThatDoesNotAnswerEndsTheRunWithOneLineAndExitStatus2() async throws {
        try #require(MiniCRMExecutable.exists, "build minicrm first: bash Tests/test.sh does it (\(MiniCRMExecutable.path))")
        let (status, output) = try await ChildProcess.run(
            MiniCRMExecutable.path, ["conformance", "--crm", "http://127.0.0.1:1/crm_integration", "--token", "T"], timeout: .seconds(30)
        )
        #expect(status == 2)
        let line = "minicrm conformance: cannot reach http://127.0.0.1:1/crm_integration: connection refused (is anything listening there?)"
        #expect(output == line + "\n")
    }

    @Test func verboseTablesCarryEveryReasonWhole() {
        let reason = "contact 79161234567 answered " + String(repeating: "a long body ", count: 30) + "— the end"
        let report = ConformanceReport(
            url: "http://crm.test/crm_integration",
            checks: [CheckReport(id: "contact.known", title: "", result: .fail(reason), elapsed: .milliseconds(3))], elapsed: .seconds(1)
        )
        #expect(report.table().contains("…"))
        #expect(!report.table().contains("— the end"))
        #expect(report.table(maxReasonWidth: .max).contains(reason))
    }
}
