import PBXProtocol

extension ConformanceCheck {
    static let missingToken = ConformanceCheck(id: "token.missing", title: "No crm_token, or an empty one → 401 Invalid token") { context in
        var findings = Findings()
        var withoutToken = context.contact()
        if let exchange = await context.probe(withoutToken, raw: true, "absent", into: &findings) {
            findings.add(Expect.invalidToken(exchange, "absent"))
        }
        withoutToken.append(CRMRequest.tokenParameter, "")
        if let exchange = await context.probe(withoutToken, raw: true, "empty", into: &findings) {
            findings.add(Expect.invalidToken(exchange, "empty"))
        }
        return findings.result(passing: "401 {\"error\":\"Invalid token\"}")
    }

    static let wrongToken = ConformanceCheck(id: "token.wrong", title: "A wrong crm_token → 401 Invalid token, for every command") { context in
        var findings = Findings()
        for command in CRMRequest.Command.allCases {
            var parameters = context.validRequests(command.rawValue)[0]
            parameters.append(CRMRequest.tokenParameter, context.wrongToken)
            guard let exchange = await context.probe(parameters, command.rawValue, into: &findings) else { continue }
            findings.add(Expect.invalidToken(exchange, command.rawValue))
        }
        return findings.result(passing: "401 for all \(CRMRequest.Command.allCases.count) commands")
    }

    static let tokenBeforeParameters = ConformanceCheck(
        id: "token.before-parameters", title: "A wrong token with bad parameters → 401, not 400"
    ) { context in
        var findings = Findings()
        let probes: [(String, PBXParameters)] = [
            ("contact without phone", ["cmd": "contact", "callid": context.nextCallid()]),
            ("no cmd", ["phone": context.nextUnknownPhone()]),
            ("unknown cmd", ["cmd": "teleport"]),
        ]
        for (label, var parameters) in probes {
            parameters.append(CRMRequest.tokenParameter, context.wrongToken)
            guard let exchange = await context.probe(parameters, label, into: &findings) else { continue }
            findings.add(Expect.invalidToken(exchange, label))
        }
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
