import PBXProtocol

extension ConformanceCheck {
    static let successContentType = ConformanceCheck(
        id: "content-type.success", title: "Successful answers say Content-Type: application/json; charset=utf-8"
    ) { context in
        var findings = Findings()
        let probes = ["users", "contact", "event", "history"].map { ($0, context.validRequests($0)[0]) }
        await context.check(probes, into: &findings) { exchange, label in
            exchange.status == 200
                ? Expect.contentType(exchange.contentType, label) : .warn("\(label): answered \(exchange.status), not checked")
        }
        return findings.result(passing: ProtocolJSON.contentType)
    }

    static let errorContentType = ConformanceCheck(
        id: "content-type.errors", title: "Error answers (400, 401) say Content-Type: application/json; charset=utf-8"
    ) { context in
        var findings = Findings()
        let probes: [Probe] = [
            ("400", ["cmd": "teleport"]),
            ("401", context.contact().setting(CRMRequest.tokenParameter, context.wrongToken)),
        ]
        await context.check(probes, into: &findings) { exchange, label in
            exchange.status >= 400
                ? Expect.contentType(exchange.contentType, label) : .warn("\(label): answered \(exchange.status), not checked")
        }
        return findings.result(passing: ProtocolJSON.contentType)
    }
}
