import PBXProtocol

extension ConformanceCheck {
    static let missingParameters = ConformanceCheck(
        id: "parameters.missing", title: "A missing or malformed required parameter → 400 Invalid parameters"
    ) { context in
        var findings = Findings()
        let phone = context.nextUnknownPhone()
        let probes: [Probe] = [
            ("contact without phone", context.contact().removing("phone")),
            ("event without callid", context.event("INCOMING", phone: phone, callid: "").removing("callid")),
            ("event without type", context.event("INCOMING", phone: phone, callid: context.nextCallid()).removing("type")),
            ("history without duration", context.history().removing("duration")),
            ("history with duration=abc", context.history().setting("duration", "abc")),
            ("history with type=sideways", context.history().setting("type", "sideways")),
            ("rating without callid", context.rating().removing("callid")),
        ]
        await context.check(probes, into: &findings, judge: Expect.invalidParameters)
        return findings.result(passing: "400 for all \(probes.count) malformed requests")
    }

    static let unknownCommand = ConformanceCheck(id: "parameters.unknown-cmd", title: "No cmd, or an unknown one → 400 Invalid parameters")
    {
        context in
        var findings = Findings()
        let probes: [Probe] = [
            ("no cmd", ["phone": context.nextUnknownPhone(), "callid": context.nextCallid()]),
            ("cmd=teleport", ["cmd": "teleport", "callid": context.nextCallid()]),
        ]
        await context.check(probes, into: &findings, judge: Expect.invalidParameters)
        return findings.result(passing: "400 {\"error\":\"Invalid parameters\"}")
    }

    static let unknownEventType = ConformanceCheck(
        id: "parameters.unknown-event-type", title: "event with an unknown type → 400 Invalid parameters"
    ) {
        context in
        var findings = Findings()
        let probe = context.event("EXPLODED", phone: context.nextUnknownPhone(), callid: context.nextCallid())
        await context.check([("type=EXPLODED", probe)], into: &findings, judge: Expect.invalidParameters)
        return findings.result(passing: "400 {\"error\":\"Invalid parameters\"}")
    }
}

extension PBXParameters {
    func removing(_ name: String) -> PBXParameters {
        var copy = self
        copy[name] = nil
        return copy
    }

    func setting(_ name: String, _ value: String) -> PBXParameters {
        var copy = self
        copy[name] = value
        return copy
    }
}
