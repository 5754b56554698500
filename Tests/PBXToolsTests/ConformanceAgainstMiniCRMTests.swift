import MiniCRMTesting
import PBXTools
import Testing

/// MiniCRM is the reference: the checker must find nothing wrong with it.
@Suite struct ConformanceAgainstMiniCRMTests {
    @Test func miniCRMPassesEveryCheck() async throws {
        try await withServer(seed: true) { server in
            let options = ConformanceOptions(
                crmURL: server.integrationURL, token: server.crmToken, knownPhone: "79161234567", knownName: "Смирнов Алексей Петрович",
                expectedUsers: ["ivanov", "smirnova", "petrova"], inspectURL: server.baseURL + "/api/calls?callid={callid}",
                inspectLogin: .init(login: "admin", password: "admin"), burstRequests: 60, burstConcurrency: 8,
                latencyLimit: TestTiming.latencyLimit
            )
            let report = try await ConformanceRunner(options: options).run()
            #expect(!report.failed, "\(report.table())")
            #expect(report.checks.count == ConformanceCheck.standard.count)
            // With an inspect URL and a known phone nothing is left unverifiable.
            #expect(report.verdict(of: "history.idempotent") == .pass, "\(report.table())")
            #expect(report.verdict(of: "contact.known") == .pass, "\(report.table())")
            #expect(report.verdict(of: "limits.body-size") == .pass, "\(report.table())")
            // What real PBXes send, kept fields included: MiniCRM takes all of it.
            let realWorld = report.checks.filter { $0.id.hasPrefix("realworld.") }
            #expect(realWorld.count == ConformanceCheck.realWorld.count)
            #expect(realWorld.allSatisfy { $0.verdict == .pass }, "\(report.table())")
        }
    }

    @Test func withoutAnInspectURLIdempotencyIsOnlyAWarning() async throws {
        try await withServer(seed: true) { server in
            let options = ConformanceOptions(crmURL: server.integrationURL, token: server.crmToken)
            let report = try await ConformanceRunner(options: options).selecting(["history.idempotent", "contact.known"]).run()
            #expect(Set(report.ids(.warn)) == ["history.idempotent", "contact.known"])
            #expect(report.checks.allSatisfy { $0.result.reason.contains("not verifiable") })
            #expect(!report.failed)
        }
    }
}
