import Foundation
import PBXProtocol

extension ConformanceCheck {
    /// The undocumented fields public integrations captured, each with a value as sent.
    static func undocumentedFields(_ context: ConformanceContext) -> PBXParameters {
        ["z-flag": "0", "group": context.nextGroupID(), "missedStatus": "0", "telnum_name": "Основной", "wait": "7"]
    }

    static let extraFields = ConformanceCheck(
        id: "realworld.extra-fields", title: "Undocumented fields (z-flag, group, missedStatus, telnum_name, wait) on every command → 200"
    ) { context in
        let extra = undocumentedFields(context)
        var findings = Findings()
        await context.check(context.answeredCall(callid: context.nextCallid(), extra: extra), into: &findings, judge: Expect.okJSON)
        guard findings.verdict != .pass else { return .pass("tolerated: " + extra.map(\.name).joined(separator: ", ")) }
        // Name the fields it refuses, one at a time.
        var refused: [String] = []
        for field in extra {
            let probe = context.history().setting(field.name, field.value)
            if let exchange = try? await context.send(probe), exchange.status != 200 {
                refused.append("\(field.name)=\(field.value) → \(Expect.describe(exchange))")
            }
        }
        let cause = refused.isEmpty ? findings.result(passing: "").reason : "rejects undocumented fields: " + refused.joined(separator: "; ")
        return .fail(cause + " — real PBXes send them: tolerate unknown fields (and keep them), never refuse a request for one")
    }

    static let extraFieldsKept = ConformanceCheck(
        id: "realworld.extra-fields-kept", title: "Undocumented fields are kept with the stored call (seen at --inspect-url)"
    ) { context in
        let (callid, extra) = (context.nextCallid(), undocumentedFields(context))
        var history = context.history(callid: callid)
        history.merge(extra)
        var findings = Findings()
        await context.check([("history with undocumented fields", history)], into: &findings, judge: Expect.okJSON)
        guard findings.verdict == .pass else { return findings.result(passing: "") }
        guard let inspector = context.inspector else { return .notVerifiable("accepted; kept not verifiable without --inspect-url") }
        let stored: String
        do {
            stored = String(decoding: try await inspector.stored(callid: callid), as: UTF8.self)
        } catch {
            return .notVerifiable("accepted; kept not verifiable: \(error)")
        }
        let missing = extra.filter { !stored.contains($0.name) || ($0.name == "group" && !stored.contains($0.value)) }.map(\.name)
        guard missing.isEmpty else { return .warn("accepted, but the stored call does not show \(missing.joined(separator: ", "))") }
        return .pass("kept: " + extra.map(\.name).joined(separator: ", "))
    }

    static let historyFirst = ConformanceCheck(
        id: "realworld.history-first", title: "history before any event of its call, then the late events → 200, stored once"
    ) { context in
        let (phone, callid) = (context.nextUnknownPhone(), context.nextCallid())
        let steps: [Probe] =
            [("history first", context.history(phone: phone, callid: callid))]
            + ["INCOMING", "ACCEPTED", "COMPLETED"].map { ("late \($0)", context.event($0, phone: phone, callid: callid)) }
        return await context.realWorld(
            steps, storedOnce: callid, passing: "history, then 3 late events",
            because: "history may arrive before any event of its call; the late events must not make a second call")
    }

    static let historyBeforeRecording = ConformanceCheck(
        id: "realworld.history-before-recording", title: "history whose recording link does not answer yet → 200 at once"
    ) { context in
        let callid = context.nextCallid()
        // `.invalid` never resolves: a CRM that fetches the recording on the request path stalls or fails here.
        let link = "https://records.invalid/\(callid).mp3"
        return await context.realWorld(
            [("history with link=\(link)", context.history(callid: callid).setting("link", link))], passing: "accepted",
            because: "history is often sent before its recording exists; store the link, fetch it later if at all")
    }

    static let phoneForms = ConformanceCheck(
        id: "realworld.phone-forms", title: "phone without +, national, or empty for a hidden number → 200; a hidden caller is nobody"
    ) { context in
        var findings = Findings()
        for (kind, phone) in [("foreign without +", context.nextForeignPhone()), ("national", context.nextNationalPhone()), ("hidden", "")] {
            let callid = context.nextCallid()
            let label = "\(kind) phone=\(phone.isEmpty ? "(empty)" : phone)"
            if let exchange = await context.probe(context.contact(phone: phone, callid: callid), "contact \(label)", into: &findings) {
                findings.add(Expect.okJSON(exchange, "contact \(label)"))
                if phone.isEmpty, case .object(let object)? = JSONBody(exchange.body), object["contact_name"] != nil {
                    findings.fail("contact \(label): a hidden number matched a contact")
                }
            }
            let legs: [Probe] = [
                ("event INCOMING \(label)", context.event("INCOMING", phone: phone, callid: callid)),
                ("event CANCELLED \(label)", context.event("CANCELLED", phone: phone, callid: callid)),
                ("history missed \(label)", context.history(phone: phone, callid: callid, status: "missed", duration: 0)),
            ]
            await context.check(legs, into: &findings, judge: Expect.okJSON)
        }
        return findings.result(passing: "all 200", because: "phones arrive without +, national, or empty for a hidden number")
    }
}
