import MiniCRMTesting
import PBXProtocol
import Testing

@testable import PBXTools

/// The judging rules on their own, without a server.
@Suite struct ConformanceRuleTests {
    @Test(arguments: [
        ("application/json; charset=utf-8", CheckVerdict.pass),
        ("application/json;charset=UTF-8", .pass),
        ("application/json", .warn),
        ("text/html; charset=utf-8", .fail),
        ("application/json; charset=windows-1251", .fail),
    ])
    func contentTypes(header: String, verdict: CheckVerdict) {
        #expect(Expect.contentType(header, "probe").verdict == verdict)
    }

    @Test func aMissingContentTypeFails() {
        #expect(Expect.contentType(nil, "probe").verdict == .fail)
    }

    @Test(arguments: [
        ("{}", "{}"), ("[]", "an array"), ("null", "null"), (#"{"contact_name":""}"#, "an object with contact_name"), ("5", "a bare value"),
    ])
    func bodyKinds(body: String, kind: String) {
        #expect(JSONBody(Array(body.utf8))?.kind == kind)
    }

    @Test func errorBodiesAreComparedAsJSON() {
        func exchange(_ status: Int, _ body: String) -> CRMEndpointClient.Exchange {
            .init(parameters: [:], status: status, contentType: ProtocolJSON.contentType, body: Array(body.utf8), latency: .zero)
        }
        #expect(Expect.invalidToken(exchange(401, #"{ "error" : "Invalid token" }"#), "p").verdict == .pass)
        #expect(Expect.invalidToken(exchange(401, #"{"error":"Invalid token","code":1}"#), "p").verdict == .fail)
        #expect(Expect.invalidToken(exchange(401, "Invalid token"), "p").verdict == .fail)
        #expect(Expect.invalidToken(exchange(403, #"{"error":"Invalid token"}"#), "p").verdict == .fail)
        #expect(Expect.invalidParameters(exchange(400, #"{"error":"Invalid parameters"}"#), "p").verdict == .pass)
    }

    @Test func aKnownNumberIsTriedInEveryForm() {
        #expect(PhoneFormats.variants(of: "79161234567") == ["79161234567", "89161234567", "9161234567", "+7 (916) 123-45-67"])
        #expect(PhoneFormats.variants(of: "8 916 123-45-67") == PhoneFormats.variants(of: "79161234567"))
        #expect(PhoneFormats.variants(of: "+49 30 1234567") == ["49301234567", "+49301234567"])
    }

    @Test func theWorstFindingDecides() {
        var findings = Findings()
        #expect(findings.result(passing: "fine") == .pass("fine"))
        findings.warn("slow")
        #expect(findings.verdict == .warn)
        findings.fail("broken")
        #expect(findings.result(passing: "fine") == .fail("broken; slow"))
    }

    @Test func inspectAnswersAreCountedInEveryShape() {
        #expect(CallInspector.count(in: Array(#"{"items":[{},{}],"total":2}"#.utf8)) == 2)
        #expect(CallInspector.count(in: Array(#"{"total":3}"#.utf8)) == 3)
        #expect(CallInspector.count(in: Array(#"{"items":[{}]}"#.utf8)) == 1)
        #expect(CallInspector.count(in: Array("[1,2,3,4]".utf8)) == 4)
        #expect(CallInspector.count(in: Array(#"{"calls":[]}"#.utf8)) == nil)
    }

    @Test func checkIdsAreUnique() {
        let ids = ConformanceCheck.standard.map(\.id)
        #expect(Set(ids).count == ids.count)
    }
}

@Suite struct ReportFormattingTests {
    @Test func percentilesUseTheNearestRank() {
        let summary = LatencySummary((1...100).map { .milliseconds($0) })
        #expect(summary.p50 == .milliseconds(50))
        #expect(summary.p99 == .milliseconds(99))
        #expect(summary.max == .milliseconds(100))
        #expect(LatencySummary([]).description == "no answers")
    }

    @Test func tableColumnsAreAligned() {
        let table = TextTable(
            headers: ["RESULT", "CHECK", "WHY"],
            rows: [["PASS", "token.wrong", "401"], ["FAIL", "contact.unknown", "an array instead of {}"]])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let whyColumn = lines[0].range(of: "WHY")?.lowerBound.utf16Offset(in: lines[0])
        #expect(lines[2].range(of: "401")?.lowerBound.utf16Offset(in: lines[2]) == whyColumn)
        #expect(lines[3].range(of: "an array")?.lowerBound.utf16Offset(in: lines[3]) == whyColumn)
    }

    @Test func anExchangeFitsOnOneLine() {
        let request = CRMRequest.event(EventRequest(type: .incoming, phone: PhoneNumber("79161234567"), user: "ivanov", callid: "sim-1"))
        let outcome = StepOutcome(
            scenario: "answered", callid: "sim-1", index: 1, step: ScenarioStep(offset: .milliseconds(30), request: request),
            sentAt: .milliseconds(1530),
            exchange: .init(
                parameters: [:], status: 200, contentType: ProtocolJSON.contentType, body: Array("{}".utf8), latency: .microseconds(1200)),
            error: nil
        )
        let line = ExchangeLine.format(outcome)
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("+   1.530s  event INCOMING"))
        #expect(line.contains("user=ivanov phone=79161234567"))
        #expect(line.contains("200"))
        #expect(line.contains("1.2 ms"))
        #expect(line.hasSuffix("{}"))
    }
}
