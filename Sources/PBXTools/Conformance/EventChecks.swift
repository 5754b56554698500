import PBXProtocol

extension ConformanceCheck {
    static let repeatedEvents = allAccepted(
        id: "event.repeated", title: "INCOMING twice for one callid and user → 200 both times", passing: "all 200"
    ) { context in
        let (phone, callid) = (context.nextUnknownPhone(), context.nextCallid())
        return [
            ("INCOMING", context.event("INCOMING", phone: phone, callid: callid)),
            ("INCOMING again", context.event("INCOMING", phone: phone, callid: callid)),
            ("CANCELLED", context.event("CANCELLED", phone: phone, callid: callid)),
        ]
    }

    static let acceptedFirst = allAccepted(
        id: "event.accepted-first", title: "ACCEPTED before INCOMING (a race) → 200", passing: "all 200"
    ) { context in
        let (phone, callid) = (context.nextUnknownPhone(), context.nextCallid())
        return [
            ("ACCEPTED", context.event("ACCEPTED", phone: phone, callid: callid)),
            ("late INCOMING", context.event("INCOMING", phone: phone, callid: callid)),
            ("COMPLETED", context.event("COMPLETED", phone: phone, callid: callid)),
        ]
    }

    static let lateIncoming = allAccepted(
        id: "event.late-incoming", title: "INCOMING after COMPLETED (late, must not reopen) → 200", passing: "all 200"
    ) { context in
        let (phone, callid) = (context.nextUnknownPhone(), context.nextCallid())
        return ["INCOMING", "ACCEPTED", "COMPLETED"].map { ($0, context.event($0, phone: phone, callid: callid)) }
            + [("late INCOMING", context.event("INCOMING", phone: phone, callid: callid))]
    }

    static let ringGroup = allAccepted(
        id: "event.ring-group", title: "A ring group: INCOMING to several users under one callid, one answers", passing: "all 200"
    ) { context in
        let (phone, callid) = (context.nextUnknownPhone(), context.nextCallid())
        let members = context.ringGroupMembers
        let answerer = members[0]
        let diversion = "74951234567"
        var steps: [Probe] = [("contact", context.contact(phone: phone, callid: callid).setting("diversion", diversion))]
        steps += members.map { member in
            let incoming = context.event("INCOMING", phone: phone, user: member, callid: callid)
            return ("INCOMING \(member)", incoming.setting("diversion", diversion).setting("groupRealName", "Отдел продаж"))
        }
        steps.append(("ACCEPTED \(answerer)", context.event("ACCEPTED", phone: phone, user: answerer, callid: callid)))
        steps += members.dropFirst().map { ("CANCELLED \($0)", context.event("CANCELLED", phone: phone, user: $0, callid: callid)) }
        steps.append(("COMPLETED \(answerer)", context.event("COMPLETED", phone: phone, user: answerer, callid: callid)))
        steps.append(("history \(answerer)", context.history(phone: phone, user: answerer, callid: callid)))
        return steps
    }

    static let laterEventTypes = ConformanceCheck(
        id: "event.later-types", title: "OUTGOING, TRANSFERRED, direction, second_callid → 200; lower-case type accepted"
    ) { context in
        var findings = Findings()
        let (phone, callid) = (context.nextUnknownPhone(), context.nextCallid())
        let transferee = context.ringGroupMembers[min(1, context.ringGroupMembers.count - 1)]
        let later: [Probe] = [
            (
                "OUTGOING direction=out",
                context.event("OUTGOING", phone: phone, callid: callid).setting("direction", "out").setting("telnum", "74951234567")
            ),
            ("ACCEPTED direction=out", context.event("ACCEPTED", phone: phone, callid: callid).setting("direction", "out")),
            (
                "TRANSFERRED second_callid",
                context.event("TRANSFERRED", phone: phone, callid: callid).setting("second_callid", callid + "-2")
            ),
            ("INCOMING after transfer", context.event("INCOMING", phone: phone, user: transferee, callid: callid)),
            ("COMPLETED after transfer", context.event("COMPLETED", phone: phone, user: transferee, callid: callid)),
        ]
        await context.check(later, into: &findings, judge: Expect.okJSON)
        // Not in the spec, but PBX versions differ in case: refusing it loses events.
        let lowerCallid = context.nextCallid()
        let lowerCase = ["incoming", "cancelled"].map { ("type=\($0)", context.event($0, phone: phone, callid: lowerCallid)) }
        await context.check(lowerCase, into: &findings) { exchange, label in
            exchange.status == 200 ? .pass(label) : .warn("\(label): \(Expect.describe(exchange))")
        }
        return findings.result(passing: "all 200")
    }
}

extension ConformanceContext {
    /// Up to three distinct users for a ring group; fewer when the CRM lists fewer.
    var ringGroupMembers: [String] { Array(users.prefix(3)) }
}
