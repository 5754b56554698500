import Foundation
import PBXProtocol

extension ConformanceCheck {
    static let historyIdempotent = ConformanceCheck(
        id: "history.idempotent", title: "history sent twice for one callid and user → both 200, stored once"
    ) { context in
        var findings = Findings()
        let callid = context.nextCallid()
        let history = context.history(callid: callid)
        await context.check([("first", history), ("repeat", history)], into: &findings, judge: Expect.okJSON)
        guard findings.verdict == .pass else { return findings.result(passing: "") }
        guard let inspector = context.inspector else {
            return .notVerifiable("both 200; stored count not verifiable without --inspect-url")
        }
        do {
            let count = try await inspector.settledCount(callid: callid)
            if count != 1 { findings.fail("stored \(count) calls for \(callid), expected 1") }
        } catch {
            return .notVerifiable("both 200; stored count not verifiable: \(error)")
        }
        return findings.result(passing: "both 200, stored once")
    }

    static let missedLowercase = allAccepted(
        id: "history.missed-lowercase", title: "history with status=missed (lower-case), duration 0 → 200", passing: "accepted"
    ) { context in
        [("status=missed", context.history(status: "missed", duration: 0))]
    }

    static let startTimestamp = allAccepted(
        id: "history.start-format", title: "history with start=YYYYmmddTHHMMSSZ → 200", passing: "accepted"
    ) { context in
        let start = ProtocolTimestamp.format(Date().addingTimeInterval(-120))
        return [("start=\(start)", context.history(duration: 61).setting("start", start))]
    }

    static let historyLaterFields = allAccepted(
        id: "history.later-fields", title: "history with later-version and unknown parameters → 200", passing: "accepted"
    ) { context in
        let callid = context.nextCallid()
        var parameters = context.history(callid: callid, duration: 95)
        for (name, value) in [
            ("diversion", "74951234567"), ("ext", "101"), ("telnum", "74951234567"), ("groupRealName", "Отдел продаж"), ("rating", "4"),
            ("link", "https://records.example/\(callid)-a.mp3|https://records.example/\(callid)-b.mp3"), ("missedStatus", "0"),
            ("group", "g_conformance@tenant.example"), ("x_conformance_probe", "1"),
        ] {
            parameters.append(name, value)
        }
        return [("ext, telnum, groupRealName, rating, two links, unknown parameters", parameters)]
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
