/// `subscribeOnCalls` (later versions): whether `user` takes the calls of the ring group
/// `groupID`, or of every group they belong to when `groupID` is nil. Answered `OK`.
public struct SubscribeOnCallsRequest: Sendable, Equatable {
    public var user: String
    public var groupID: String?
    public var status: PBXSwitch

    public init(user: String, groupID: String? = nil, status: PBXSwitch) {
        self.user = user
        self.groupID = groupID
        self.status = status
    }

    public init(parameters: PBXParameters) throws(ProtocolError) {
        user = try parameters.required("user")
        groupID = parameters.optional("group_id")
        status = try PBXSwitch.required("status", in: parameters)
    }

    var parameters: PBXParameters {
        var parameters: PBXParameters = ["user": user]
        if let groupID { parameters.append("group_id", groupID) }
        parameters.append("status", status.rawValue)
        return parameters
    }
}

/// `subscriptionStatus` (later versions): does `user` take the calls of group `groupID`?
public struct SubscriptionStatusRequest: Sendable, Equatable {
    public var user: String
    public var groupID: String?

    public init(user: String, groupID: String? = nil) {
        self.user = user
        self.groupID = groupID
    }

    public init(parameters: PBXParameters) throws(ProtocolError) {
        user = try parameters.required("user")
        groupID = parameters.optional("group_id")
    }

    var parameters: PBXParameters {
        var parameters: PBXParameters = ["user": user]
        if let groupID { parameters.append("group_id", groupID) }
        return parameters
    }
}

/// `{"status":"on"}`.
public struct SubscriptionStatusResponse: Codable, Sendable, Equatable {
    public var status: PBXSwitch

    public init(status: PBXSwitch) {
        self.status = status
    }
}
