import Foundation
import Hummingbird
import NIOCore
import PBXProtocol

/// The commands later versions of the PBX API added, answered as a real PBX would: `history` as
/// CSV, `subscribeOnCalls` and `set_dnd` with a bare `OK`, the two status queries as JSON.
extension FakePBX {
    func answer(history request: PBXHistoryRequest) async -> Response {
        let interval: Range<Date> =
            switch request.window {
            case .period(let period): period.interval(containing: Date(), utcOffset: configuration.utcOffset)
            case .span(let start, let end): (start ?? .distantPast)..<max(start ?? .distantPast, end ?? .distantFuture)
            }
        let records = await state.history(in: interval, filter: request.type, limit: request.limit)
        return .text(PBXHistoryRecord.csv(records), contentType: "text/csv; charset=utf-8")
    }

    func answer(_ request: SubscribeOnCallsRequest) async -> Response {
        guard let memberships = memberships(of: request.user, in: request.groupID) else { return unknownMembership(request.user) }
        await state.setSubscription(request.status, memberships: memberships)
        logger.info(
            "subscribeOnCalls", metadata: ["user": "\(request.user)", "group": "\(request.groupID ?? "*")", "status": "\(request.status)"])
        return .text("OK")
    }

    func answer(_ request: SubscriptionStatusRequest) async -> Response {
        guard let memberships = memberships(of: request.user, in: request.groupID) else { return unknownMembership(request.user) }
        return .protocolJSON(SubscriptionStatusResponse(status: await state.subscription(memberships)))
    }

    func answer(_ request: SetDNDRequest) async -> Response {
        guard isAccount(request.user) else { return unknownMembership(request.user) }
        await state.setDoNotDisturb(request.state, account: request.user)
        logger.info("set_dnd", metadata: ["user": "\(request.user)", "state": "\(request.state)"])
        return .text("OK")
    }

    func answer(_ request: GetDNDRequest) async -> Response {
        guard isAccount(request.user) else { return unknownMembership(request.user) }
        return .protocolJSON(DNDStateResponse(state: await state.doNotDisturb(account: request.user)))
    }

    private func isAccount(_ name: String) -> Bool {
        configuration.accounts.contains { $0.name == name }
    }

    /// The user's membership of `group`, or of every group they are in; nil when they are no
    /// account, or not in that group.
    private func memberships(of user: String, in group: String?) -> [GroupMembership]? {
        guard isAccount(user) else { return nil }
        let groups = configuration.groupMembers.filter { $0.value.contains(user) }.keys.sorted()
        if let group {
            return groups.contains(group) ? [GroupMembership(account: user, group: group)] : nil
        }
        return groups.map { GroupMembership(account: user, group: $0) }
    }

    private func unknownMembership(_ user: String) -> Response {
        logger.info("crm_api refused", metadata: ["user": "\(user)", "reason": "no such account or group membership"])
        return .protocolError(.invalidParameters("no such account or group membership"))
    }
}

extension Response {
    /// A bare text answer: `OK`, or `history`'s CSV.
    static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType, .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
