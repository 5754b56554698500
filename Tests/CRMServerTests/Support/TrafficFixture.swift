import Foundation
import MiniCRMTesting

/// `Fixtures/pbx-traffic.json`: request sequences as public deployments send them, with what a
/// correct CRM has stored afterwards.
struct TrafficFixture {
    struct Scenario {
        var name: String
        var selfMap: Bool
        var requests: [[String: String]]
        var expect: [String: Any]

        var callids: Set<String> { Set(requests.compactMap { $0["callid"] }) }
    }

    /// The fixture's stand-ins for CRM manager ids, and the seed managers that play them.
    static let managers = ["MANAGER": "ivanov", "MANAGER_A": "smirnova", "MANAGER_B": "petrova", "MANAGER_C": "kozlov"]

    static func load() throws -> [Scenario] {
        guard let url = Bundle.module.url(forResource: "pbx-traffic", withExtension: "json", subdirectory: "Fixtures") else {
            throw TestFailure("Fixtures/pbx-traffic.json is not in the test bundle")
        }
        let data = try Data(contentsOf: url)
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let scenarios = root["scenarios"] as? [[String: Any]]
        else { throw TestFailure("pbx-traffic.json has no scenarios") }
        return try scenarios.map { scenario in
            guard let name = scenario["name"] as? String, let requests = scenario["requests"] as? [[String: String]],
                let expect = scenario["expect"] as? [String: Any]
            else { throw TestFailure("malformed scenario \(scenario["name"] ?? "?")") }
            return Scenario(name: name, selfMap: scenario["self_map"] as? Bool ?? false, requests: requests, expect: expect)
        }
    }

    /// The scenario names, for parameterized tests (empty if the fixture is missing: `FixtureReplayTests` then fails).
    static var names: [String] { ((try? load()) ?? []).map(\.name) }

    /// A request with the placeholders replaced: the server's token and real manager ids.
    static func resolve(_ request: [String: String], token: String) -> [String: String] {
        request.mapValues { value in value == "CRM_TOKEN" ? token : managers[value] ?? value }
    }
}
