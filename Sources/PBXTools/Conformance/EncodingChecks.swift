import PBXProtocol

extension ConformanceCheck {
    /// `cmd` answers 200 JSON whether the PBX sends a form, multipart, JSON or only a query string.
    /// `user` is the spelling of `users` in the spec's own example.
    static func everyEncoding(_ command: String) -> ConformanceCheck {
        ConformanceCheck(id: "encodings.\(command)", title: "cmd=\(command) in form, multipart, JSON and query string → 200 JSON") {
            context in
            var findings = Findings()
            for encoding in WireEncoding.all {
                let probes = context.validRequests(command).enumerated().map { step, parameters in
                    (step == 0 ? encoding.description : "\(encoding) (\(parameters["type"] ?? "step \(step + 1)"))", parameters)
                }
                await context.check(probes, via: encoding, into: &findings, judge: Expect.okJSON)
            }
            return findings.result(passing: "200 JSON in all \(WireEncoding.all.count) encodings")
        }
    }
}

extension ConformanceContext {
    /// Well-formed requests of `command`. An event probe rings and then cancels, so no pop-up is left open.
    func validRequests(_ command: String) -> [PBXParameters] {
        switch command {
        case "contact": return [contact()]
        case "event":
            let (phone, callid) = (nextUnknownPhone(), nextCallid())
            return [event("INCOMING", phone: phone, callid: callid), event("CANCELLED", phone: phone, callid: callid)]
        case "history": return [history()]
        case "rating": return [rating()]
        default: return [["cmd": command]]
        }
    }
}
