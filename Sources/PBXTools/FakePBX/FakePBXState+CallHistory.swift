import Foundation
import PBXProtocol

/// One account's membership of one ring group.
struct GroupMembership: Hashable, Sendable {
    var account: String
    var group: String
}

/// The PBX's own call history and its users' settings: what `history`, `subscriptionStatus` and `get_dnd` answer.
extension FakePBXState {
    /// Kept much longer than the other records: a CRM syncs whole days from it.
    static let historyLimit = 100_000

    func recordHistory(_ record: PBXHistoryRecord) {
        callHistory.append(record)
        if callHistory.count > Self.historyLimit { callHistory.removeFirst(callHistory.count - Self.historyLimit) }
    }

    /// The calls that started in `interval` and pass `filter`, oldest first, the first `limit` of them.
    public func history(in interval: Range<Date>, filter: PBXHistoryFilter = .all, limit: Int? = nil) -> [PBXHistoryRecord] {
        let matching = callHistory.filter { interval.contains($0.start) && filter.includes($0.type) }.sorted { $0.start < $1.start }
        return limit.map { Array(matching.prefix($0)) } ?? matching
    }

    func setDoNotDisturb(_ state: PBXSwitch, account: String) {
        if state.isOn { doNotDisturb.insert(account) } else { doNotDisturb.remove(account) }
    }

    public func doNotDisturb(account: String) -> PBXSwitch {
        PBXSwitch(doNotDisturb.contains(account))
    }

    func setSubscription(_ status: PBXSwitch, memberships: [GroupMembership]) {
        for membership in memberships {
            if status.isOn { unsubscribed.remove(membership) } else { unsubscribed.insert(membership) }
        }
    }

    /// On when the account takes the calls of every one of `memberships`.
    func subscription(_ memberships: [GroupMembership]) -> PBXSwitch {
        PBXSwitch(memberships.allSatisfy { !unsubscribed.contains($0) })
    }
}
