import Foundation
import PBXProtocol

/// What `minicrm replay` reads: NDJSON of `RecordedExchange`s, or the shared fixture format
/// (`{"scenarios":[{"name","requests":[{…}]}]}`, where `CRM_TOKEN` stands for the token), whose
/// requests are sent back to back and expected to be answered 200.
public enum ReplayFile {
    /// One exchange and where it came from, for the report: `line 12`, `ring-group-one-answers #3`.
    public struct Entry: Sendable, Equatable {
        public var source: String
        public var exchange: RecordedExchange
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    public static func entries(_ data: Data) throws -> [Entry] {
        if let fixture = try? JSONDecoder().decode(Fixture.self, from: data) { return fixture.entries }
        var entries: [Entry] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !Character(UnicodeScalar($0)).isWhitespace }) else { continue }
            do {
                entries.append(Entry(source: "line \(index + 1)", exchange: try JSONDecoder().decode(RecordedExchange.self, from: Data(line))))
            } catch {
                throw Malformed(description: "line \(index + 1) is not an exchange {\"time\",\"params\",\"status\",\"answer\"}: \(error)")
            }
        }
        return entries
    }

    /// `Tests/CRMServerTests/Fixtures/pbx-traffic.json`'s shape.
    private struct Fixture: Decodable {
        struct Scenario: Decodable {
            var name: String
            var requests: [[String: String]]
        }

        var scenarios: [Scenario]

        var entries: [Entry] {
            scenarios.flatMap { scenario in
                scenario.requests.enumerated().map { index, request in
                    Entry(
                        source: "\(scenario.name) #\(index + 1)",
                        exchange: RecordedExchange(params: request.mapValues { $0 == "CRM_TOKEN" ? RecordedExchange.redacted : $0 })
                    )
                }
            }
        }
    }
}
