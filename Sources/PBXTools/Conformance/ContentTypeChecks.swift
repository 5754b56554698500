import PBXProtocol

extension ConformanceCheck {
    static let successContentType = ConformanceCheck(
        id: "content-type.success", title: "Successful answers say Content-Type: application/json; charset=utf-8"
    ) { context in
        var findings = Findings()
        for command in ["users", "contact", "event", "history"] {
            guard let exchange = await context.probe(context.validRequests(command)[0], command, into: &findings) else { continue }
            guard exchange.status == 200 else {
                findings.warn("\(command): answered \(exchange.status), not checked")
                continue
            }
            findings.add(Expect.contentType(exchange.contentType, command))
        }
        return findings.result(passing: ProtocolJSON.contentType)
    }

    static let errorContentType = ConformanceCheck(
        id: "content-type.errors", title: "Error answers (400, 401) say Content-Type: application/json; charset=utf-8"
    ) { context in
        var findings = Findings()
        let probes: [(String, PBXParameters)] = [
            ("400", ["cmd": "teleport"]),
            ("401", context.contact().setting(CRMRequest.tokenParameter, context.wrongToken)),
        ]
        for (label, parameters) in probes {
            guard let exchange = await context.probe(parameters, label, into: &findings) else { continue }
            guard exchange.status >= 400 else {
                findings.warn("\(label): answered \(exchange.status), not checked")
                continue
            }
            findings.add(Expect.contentType(exchange.contentType, label))
        }
        return findings.result(passing: ProtocolJSON.contentType)
    }
}
