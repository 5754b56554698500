import Foundation
import PBXProtocol

extension FakePBXConfiguration {
    /// The line the PBX's own `history` keeps of a call it pushed as `pushed`, whether or not the CRM took the push.
    func historyRecord(of pushed: HistoryRequest) -> PBXHistoryRecord {
        let type: PBXHistoryCallType =
            pushed.direction == .outgoing ? .outgoing : pushed.status?.isUnanswered == true ? .missed : .incoming
        return PBXHistoryRecord(
            uid: pushed.callid, type: type, client: PhoneNumber(pushed.phone.dialString).value,
            account: tenantDomain.map { "\(pushed.user)@\($0)" } ?? pushed.user, via: pushed.diversion ?? pushed.telnum ?? "",
            start: pushed.start ?? Date(), utcOffset: utcOffset,
            wait: pushed.extras["wait"].flatMap(Int.init) ?? Int((ringDelay / .seconds(1)).rounded()), duration: pushed.duration,
            record: pushed.links.first
        )
    }
}
