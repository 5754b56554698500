import Foundation
import MiniCRMTesting
import Logging
import PBXProtocol
import PBXTools

/// A simulator against `url` that sends every step at once: the tests check what is stored, not the pacing.
func instantSimulator(_ url: String, token: String = TestServer.token) -> Simulator {
    var quiet = Logger(label: "test.simulator")
    quiet.logLevel = .critical
    return Simulator(
        client: CRMEndpointClient(url: url, token: token, httpClient: .pbxTools, timeout: .seconds(5)), speed: .infinity, logger: quiet)
}

/// A callid no other test uses.
func uniqueCallid(_ name: String) -> String {
    "test-\(name)-\(UUID().uuidString.prefix(8))"
}

extension ScenarioResult {
    /// `event INCOMING → 401` for each request that was not answered 200.
    var failureSummary: String {
        outcomes.filter { !$0.succeeded }.map { "\(ExchangeLine.commandLabel($0.step.request)) → \($0.exchange?.status ?? 0)" }
            .joined(separator: ", ")
    }
}

enum TestTiming {
    /// The suites run in parallel on small machines, seeding servers and hashing passwords at once:
    /// the latency check's real 1 s budget is only asserted where a test is about latency.
    static let latencyLimit: Duration = .seconds(10)
}
