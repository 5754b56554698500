import Foundation
import PBXProtocol

/// A JUnit XML report of one test suite, in the shape GitLab, Jenkins and GitHub's test reporters read:
///
///     <testsuites …><testsuite …><testcase name="token.wrong" classname="conformance.token" time="0.012">
///       <failure message="…" type="FAIL">…</failure></testcase>…</testsuite></testsuites>
struct JUnitXML {
    enum Outcome {
        case passed
        case failed(message: String, details: String)
        /// Run but not verifiable: JUnit's closest word.
        case skipped(message: String)
    }

    struct TestCase {
        var name: String
        var classname: String
        var time: Duration
        var outcome: Outcome
        /// What the case printed: shown beside it, whatever its outcome.
        var output: String?
    }

    var name: String
    var timestamp: Date
    var time: Duration
    var properties: [(String, String)] = []
    var cases: [TestCase]

    func render() -> String {
        let failures = cases.count { if case .failed = $0.outcome { true } else { false } }
        let skipped = cases.count { if case .skipped = $0.outcome { true } else { false } }
        let counts = #"tests="\#(cases.count)" failures="\#(failures)" errors="0" skipped="\#(skipped)" time="\#(Self.seconds(time))""#
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<testsuites name="\#(XMLEscaping.attribute(name))" \#(counts)>"# + "\n"
        xml += #"  <testsuite name="\#(XMLEscaping.attribute(name))" \#(counts) timestamp="\#(Self.timestamp(timestamp))">"#
        xml += "\n"
        if !properties.isEmpty {
            xml += "    <properties>\n"
            for (name, value) in properties {
                xml += #"      <property name="\#(XMLEscaping.attribute(name))" value="\#(XMLEscaping.attribute(value))"/>"# + "\n"
            }
            xml += "    </properties>\n"
        }
        for testCase in cases {
            xml += #"    <testcase name="\#(XMLEscaping.attribute(testCase.name))" classname="\#(XMLEscaping.attribute(testCase.classname))""#
            xml += #" time="\#(Self.seconds(testCase.time))">"# + "\n"
            switch testCase.outcome {
            case .passed:
                break
            case .failed(let message, let details):
                xml += #"      <failure message="\#(XMLEscaping.attribute(message))" type="FAIL">\#(XMLEscaping.text(details))</failure>"#
                xml += "\n"
            case .skipped(let message):
                xml += #"      <skipped message="\#(XMLEscaping.attribute(message))"/>"# + "\n"
            }
            if let output = testCase.output, !output.isEmpty {
                xml += "      <system-out>\(XMLEscaping.text(output))</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// `2026-12-01T08:15:02`, UTC: the schema's pattern has no zone designator.
    static func timestamp(_ date: Date) -> String {
        String(ProtocolTimestamp.iso8601(date).dropLast())
    }

    /// `0.012`: seconds with millisecond precision, as every reader parses it.
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f", duration.inSeconds)
    }
}
