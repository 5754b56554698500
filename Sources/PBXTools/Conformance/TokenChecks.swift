import PBXProtocol

extension ConformanceCheck {
    static let missingToken = ConformanceCheck(id: "token.missing", title: "No crm_token, or an empty one → 401 Invalid token") { context in
        var findings = Findings()
        let withoutToken = context.contact()
        let probes: [Probe] = [("absent", withoutToken), ("empty", withoutToken.setting(CRMRequest.tokenParameter, ""))]
        await context.check(probes, raw: true, into: &findings, judge: Expect.invalidToken)
        return findings.result(passing: "401 {\"error\":\"Invalid token\"}")
    }

    static let wrongToken = ConformanceCheck(id: "token.wrong", title: "A wrong crm_token → 401 Invalid token, for every command") {
        context in
        var findings = Findings()
        let probes = CRMRequest.Command.allCases.map { command in
            (command.rawValue, context.validRequests(command.rawValue)[0].setting(CRMRequest.tokenParameter, context.wrongToken))
        }
        await context.check(probes, into: &findings, judge: Expect.invalidToken)
        return findings.result(passing: "401 for all \(probes.count) commands")
    }

    static let tokenBeforeParameters = ConformanceCheck(
        id: "token.before-parameters", title: "A wrong token with bad parameters → 401, not 400"
    ) { context in
        var findings = Findings()
        let probes: [Probe] = [
            ("contact without phone", ["cmd": "contact", "callid": context.nextCallid()]),
            ("no cmd", ["phone": context.nextUnknownPhone()]),
            ("unknown cmd", ["cmd": "teleport"]),
        ]
        let withWrongToken = probes.map { ($0.label, $0.parameters.setting(CRMRequest.tokenParameter, context.wrongToken)) }
        await context.check(withWrongToken, into: &findings, judge: Expect.invalidToken)
        return findings.result(passing: "the token is checked first")
    }
}

extension ConformanceContext {
    /// The right token with one character changed: a constant-time compare must still refuse it.
    var wrongToken: String {
        let token = options.token
        guard let last = token.last else { return "wrong-token" }
        return String(token.dropLast()) + (last == "x" ? "y" : "x")
    }
}
