import PBXProtocol

/// What real PBXes send beyond the spec's tidy examples (PROTOCOL.md, "What real PBXes send"): a CRM
/// that refuses any of it loses real calls.
extension ConformanceCheck {
    public static var realWorld: [ConformanceCheck] {
        [
            callidUUID, callidCompact, extraFields, extraFieldsKept, userPBX, userForms, cancelledBare, historyFirst,
            historyBeforeRecording, statusCase, phoneForms,
        ]
    }

    static let callidUUID = callidForm(
        id: "realworld.callid-uuid", example: "a UUID (28187487-edcf-…)", next: { $0.nextUUIDCallid() })
    static let callidCompact = callidForm(
        id: "realworld.callid-compact", example: "like HLH8HFM77S000035", next: { $0.nextCompactCallid() })

    /// A whole call under a callid of one of the forms real PBXes use.
    static func callidForm(id: String, example: String, next: @escaping @Sendable (ConformanceContext) -> String) -> ConformanceCheck {
        ConformanceCheck(id: id, title: "A call whose callid is \(example) → 200 throughout, stored once") { context in
            let callid = next(context)
            return await context.realWorld(
                context.answeredCall(callid: callid), storedOnce: callid, passing: "callid \(callid)",
                because: "callid is opaque text, \(example); never parse it")
        }
    }

    static let userPBX = ConformanceCheck(
        id: "realworld.user-pbx", title: "A missed ring-group call nobody took: every leg CANCELLED, history with user=pbx → 200"
    ) { context in
        let (phone, callid, group) = (context.nextUnknownPhone(), context.nextCallid(), context.nextGroupID())
        var steps: [Probe] = [("contact", context.contact(phone: phone, callid: callid))]
        for member in context.ringGroupMembers {
            let incoming = context.event("INCOMING", phone: phone, user: member, callid: callid)
            steps.append(("INCOMING \(member)", incoming.setting("groupRealName", "Отдел продаж").setting("group", group)))
        }
        steps += context.ringGroupMembers.map { ("CANCELLED \($0)", context.event("CANCELLED", phone: phone, user: $0, callid: callid)) }
        let history = context.history(phone: phone, user: "pbx", callid: callid, status: "missed", duration: 0)
        steps.append(("history user=pbx", history.setting("groupRealName", "Отдел продаж").setting("missedStatus", "1")))
        return await context.realWorld(
            steps, storedOnce: callid, passing: "user=pbx accepted",
            because: "a group call no employee answered is reported with user=pbx, which is nobody's id")
    }

    static let userForms = ConformanceCheck(
        id: "realworld.user-login", title: "user as login@tenant, and as a bare PBX login the CRM may not know → 200"
    ) { context in
        let tenant = "\(context.user)@tenant.example"
        let bare = "operator\(context.nextUnknownPhone().suffix(4))"
        let steps =
            context.answeredCall(callid: context.nextCallid(), user: tenant).map { ("\($0.label) user=\(tenant)", $0.parameters) }
            + context.answeredCall(callid: context.nextCallid(), user: bare).map { ("\($0.label) user=\(bare)", $0.parameters) }
        return await context.realWorld(
            steps, passing: "\(tenant) and \(bare) accepted",
            because: "user is a PBX account as login@tenant or a bare login when the CRM maps accounts itself (self_map)")
    }

    static let cancelledBare = ConformanceCheck(
        id: "realworld.cancelled-bare",
        title: "CANCELLED without direction or ext, and a losing leg's CANCELLED before the winner's ACCEPTED"
    ) { context in
        let (phone, outgoing) = (context.nextUnknownPhone(), context.nextCallid())
        var steps: [Probe] = [
            (
                "OUTGOING direction=out ext=101",
                context.event("OUTGOING", phone: phone, callid: outgoing).setting("direction", "out").setting("ext", "101")
            ),
            ("CANCELLED without direction or ext", context.event("CANCELLED", phone: phone, callid: outgoing)),
            ("history out Busy", context.history(phone: phone, callid: outgoing, status: "Busy", duration: 0).setting("type", "out")),
        ]
        let (caller, group) = (context.nextUnknownPhone(), context.nextCallid())
        let members = context.ringGroupMembers
        let (winner, loser) = (members[0], members.count > 1 ? members[1] : "conformance-colleague")
        steps += [
            ("INCOMING \(winner)", context.event("INCOMING", phone: caller, user: winner, callid: group)),
            ("INCOMING \(loser)", context.event("INCOMING", phone: caller, user: loser, callid: group)),
            ("CANCELLED \(loser) before ACCEPTED", context.event("CANCELLED", phone: caller, user: loser, callid: group)),
            ("ACCEPTED \(winner)", context.event("ACCEPTED", phone: caller, user: winner, callid: group)),
            ("COMPLETED \(winner)", context.event("COMPLETED", phone: caller, user: winner, callid: group)),
            ("history \(winner)", context.history(phone: caller, user: winner, callid: group)),
        ]
        return await context.realWorld(
            steps, passing: "all 200",
            because: "CANCELLED often comes without direction or ext, one per losing leg, sometimes before the winner's ACCEPTED")
    }

    static let statusCase = ConformanceCheck(
        id: "realworld.status-case",
        title: "history status Success, missed, Busy, NotAvailable, Cancel, NotAllowed, NotFound in any case → 200"
    ) { context in
        let statuses: [(String, String)] = [
            ("Success", "in"), ("missed", "in"), ("Cancel", "in"), ("Busy", "out"), ("NotAvailable", "out"), ("NotAllowed", "out"),
            ("NotFound", "out"),
        ]
        let steps = statuses.flatMap { status, direction in
            Set([status, status.lowercased(), status.uppercased()]).sorted().map { spelling in
                let duration = status == "Success" ? 30 : 0
                return ("status=\(spelling)", context.history(status: spelling, duration: duration).setting("type", direction))
            }
        }
        return await context.realWorld(
            steps, passing: "\(steps.count) spellings accepted",
            because: "status arrives in mixed case (missed, Busy, NOTFOUND); compare it case-insensitively")
    }
}
