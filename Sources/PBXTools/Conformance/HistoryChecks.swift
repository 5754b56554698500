import Foundation
import PBXProtocol

extension ConformanceCheck {
    static let historyIdempotent = ConformanceCheck(
        id: "history.idempotent", title: "history sent twice for one callid and user → both 200, stored once"
    ) { context in
        var findings = Findings()
        let callid = context.nextCallid()
        let history = context.history(callid: callid)
        for label in ["first", "repeat"] {
            guard let exchange = await context.probe(history, label, into: &findings) else { continue }
            findings.add(Expect.okJSON(exchange, label))
        }
        guard findings.verdict == .pass else { return findings.result(passing: "") }
        guard let inspector = context.inspector else { return .warn("both 200; stored count not verifiable without --inspect-url") }
        do {
            let count = try await inspector.settledCount(callid: callid)
            if count != 1 { findings.fail("stored \(count) calls for \(callid), expected 1") }
        } catch {
            return .warn("both 200; stored count not verifiable: \(error)")
        }
        return findings.result(passing: "both 200, stored once")
    }

    static let missedLowercase = ConformanceCheck(id: "history.missed-lowercase", title: "history with status=missed (lower-case), duration 0 → 200")
    { context in
        var findings = Findings()
        if let exchange = await context.probe(context.history(status: "missed", duration: 0), "status=missed", into: &findings) {
            findings.add(Expect.okJSON(exchange, "status=missed"))
        }
        return findings.result(passing: "accepted")
    }

    static let startTimestamp = ConformanceCheck(id: "history.start-format", title: "history with start=YYYYmmddTHHMMSSZ → 200") { context in
        var findings = Findings()
        let start = ProtocolTimestamp.format(Date().addingTimeInterval(-120))
        if let exchange = await context.probe(context.history(duration: 61).setting("start", start), "start=\(start)", into: &findings) {
            findings.add(Expect.okJSON(exchange, "start=\(start)"))
        }
        return findings.result(passing: "start=\(start) accepted")
    }

    static let historyLaterFields = ConformanceCheck(
        id: "history.later-fields", title: "history with later-version and unknown parameters → 200"
    ) { context in
        var findings = Findings()
        let callid = context.nextCallid()
        var parameters = context.history(callid: callid, duration: 95)
        for (name, value) in [
            ("diversion", "74951234567"), ("ext", "101"), ("telnum", "74951234567"), ("groupRealName", "Отдел продаж"), ("rating", "4"),
            ("link", "https://records.example/\(callid)-a.mp3|https://records.example/\(callid)-b.mp3"), ("missedStatus", "0"),
            ("group", "g_conformance@tenant.example"), ("x_conformance_probe", "1"),
        ] {
            parameters.append(name, value)
        }
        if let exchange = await context.probe(parameters, "history", into: &findings) {
            findings.add(Expect.okJSON(exchange, "ext, telnum, groupRealName, rating, two links, unknown parameters"))
        }
        return findings.result(passing: "accepted")
    }
}

extension CallInspector {
    /// A CRM may store a call just after answering: a zero is asked again for a moment.
    func settledCount(callid: String) async throws -> Int {
        var count = try await storedCount(callid: callid)
        for _ in 0..<5 where count == 0 {
            try await Task.sleep(for: .milliseconds(200))
            count = try await storedCount(callid: callid)
        }
        return count
    }
}
