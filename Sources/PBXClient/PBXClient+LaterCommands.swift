import PBXProtocol

/// The commands later versions of the PBX API added: call history, ring-group subscriptions and do-not-disturb.
extension PBXClient {
    /// `history`: the PBX's own record of the calls in a period, for filling in calls whose push was missed.
    public func history(_ request: PBXHistoryRequest, token: String) async throws(PBXClientError) -> [PBXHistoryRecord] {
        let reply = try await command(.history(request), token: token)
        do {
            return try PBXHistoryRecord.parse(csv: String(decoding: reply.body, as: UTF8.self))
        } catch {
            throw .malformedResponse("history \(error.reason)")
        }
    }

    /// `subscribeOnCalls`: whether `user` takes a ring group's calls (every group's, without a group id).
    public func subscribeOnCalls(_ request: SubscribeOnCallsRequest, token: String) async throws(PBXClientError) {
        // The PBX answers `OK`; any 200 is done.
        _ = try await command(.subscribeOnCalls(request), token: token)
    }

    /// `subscriptionStatus`: whether `user` takes the group's calls.
    public func subscriptionStatus(_ request: SubscriptionStatusRequest, token: String) async throws(PBXClientError) -> PBXSwitch {
        try await command(.subscriptionStatus(request), token: token).decode(SubscriptionStatusResponse.self).status
    }

    /// `set_dnd`: turns a user's do-not-disturb on or off.
    public func setDND(_ request: SetDNDRequest, token: String) async throws(PBXClientError) {
        _ = try await command(.setDND(request), token: token)
    }

    /// `get_dnd`: whether a user's do-not-disturb is on.
    public func getDND(_ request: GetDNDRequest, token: String) async throws(PBXClientError) -> PBXSwitch {
        try await command(.getDND(request), token: token).decode(DNDStateResponse.self).state
    }
}
