import Foundation
import PBXProtocol

/// The shapes real PBXes give their requests beyond the spec's examples (PROTOCOL.md, "What real
/// PBXes send"), for the `realworld.*` checks.
extension ConformanceContext {
    /// `28187487-edcf-4d23-9f95-c8591fbd9936`.
    func nextUUIDCallid() -> String { UUID().uuidString.lowercased() }

    /// `HLH8HFM77S000035`: ten letters and digits, then a six-digit sequence number.
    func nextCompactCallid() -> String {
        var generator = SystemRandomNumberGenerator()
        return RealisticCallid.compact(using: &generator)
    }

    /// A ring group's id as real PBXes send it in `group`: `g_<uuid>`.
    func nextGroupID() -> String { "g_" + UUID().uuidString.lowercased() }

    /// A foreign number without `+` (`37369267842`), a national one (`069453003`): new on every call.
    func nextForeignPhone() -> String { "3736" + nextUnknownPhone().suffix(7) }
    func nextNationalPhone() -> String { "06" + nextUnknownPhone().suffix(7) }

    /// A whole answered incoming call, each request labelled and carrying `extra` besides its own fields.
    func answeredCall(callid: String, phone: String? = nil, user: String? = nil, extra: PBXParameters = [:]) -> [Probe] {
        let phone = phone ?? nextUnknownPhone()
        var steps: [Probe] = [("contact", contact(phone: phone, callid: callid))]
        steps += ["INCOMING", "ACCEPTED", "COMPLETED"].map { ("event \($0)", event($0, phone: phone, user: user, callid: callid)) }
        steps.append(("history", history(phone: phone, user: user, callid: callid)))
        return steps.map { label, parameters in
            var parameters = parameters
            parameters.merge(extra)
            return (label, parameters)
        }
    }

    /// Sends `probes`, every one of which must be answered 200 JSON, and, when `storedOnce` names a
    /// callid and there is an inspect URL, checks that exactly one call was stored under it. A
    /// failure's reason ends with what real PBXes do, so a CRM vendor sees why it matters.
    func realWorld(_ probes: [Probe], storedOnce callid: String? = nil, passing: String, because hint: String) async -> CheckResult {
        var findings = Findings()
        await check(probes, into: &findings, judge: Expect.okJSON)
        if findings.verdict == .pass, let callid, let inspector {
            do {
                let count = try await inspector.settledCount(callid: callid)
                if count != 1 { findings.fail("stored \(count) calls under \(callid), expected 1") }
            } catch {
                findings.warn("stored count not verifiable: \(error)")
            }
        }
        return findings.result(passing: passing, because: hint)
    }
}

extension Findings {
    /// The result, a failure's or warning's reason ending with what real PBXes do.
    func result(passing reason: String, because hint: String) -> CheckResult {
        var result = result(passing: reason)
        if result.verdict != .pass { result.reason += " — real PBXes: \(hint)" }
        return result
    }
}
