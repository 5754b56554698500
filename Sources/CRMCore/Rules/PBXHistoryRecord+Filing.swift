import Foundation
import PBXProtocol

extension PBXHistoryRecord {
    /// The `history` a PBX would have pushed for this line of its own history, filed under `user`.
    ///
    /// The line says less than a push: `in`, `out` or `missed` and a duration. So the status is
    /// only what those say for certain — `missed` for a missed call, `Success` for an incoming one
    /// the PBX counts as taken or any call that talked — and none for an outgoing call of no length,
    /// whose busy or unanswered the line does not tell. A later push refines it (`Call.filing` keeps
    /// what a repeat leaves out). `via` is the company number: dialled (`diversion`) for an incoming
    /// call, shown (`telnum`) for an outgoing one; `wait` is kept as the extra field real PBXes push.
    public func history(user: String, defaultCountry: CountryCode = .russia) -> HistoryRequest {
        let direction: CallDirection = type == .outgoing ? .outgoing : .incoming
        let status: CallStatus? =
            switch type {
            case .missed: .missed
            case .incoming: .success
            default: duration > 0 ? .success : nil
            }
        let trimmedVia = via.trimmingWhitespace
        let number = trimmedVia.isEmpty ? nil : trimmedVia
        return HistoryRequest(
            direction: direction, user: user, phone: phone(defaultCountry: defaultCountry), duration: duration, callid: uid,
            diversion: direction == .incoming ? number : nil, links: record.map { [$0] } ?? [], start: start, status: status,
            telnum: direction == .outgoing ? number : nil, extras: ["wait": String(wait)]
        )
    }
}

extension Call {
    /// Whether this filed call is the leg a history of `user`, resolved to `manager`, describes —
    /// the PBX's own history and its pushes name the same leg differently: `ivanov@acme.example` in
    /// the one, `ivanov` (a login, or a CRM id) in the other. The same manager is the same leg; a
    /// user no manager has (`pbx`) is the same leg under the same login.
    public func isLeg(of user: String, manager: ManagerID?) -> Bool {
        if self.user == user { return true }
        if let manager, self.manager == manager { return true }
        return Self.login(self.user) == Self.login(user)
    }

    /// `Ivanov@acme.example` → `ivanov`.
    static func login(_ user: String) -> Substring {
        user.lowercased().split(separator: "@", maxSplits: 1).first ?? ""
    }
}
