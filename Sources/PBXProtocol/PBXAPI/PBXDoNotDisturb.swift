/// `set_dnd` (later versions): turn do-not-disturb on or off for `user`, whose phones then stay
/// silent. Answered `OK`.
public struct SetDNDRequest: Sendable, Equatable {
    public var user: String
    public var state: PBXSwitch

    public init(user: String, state: PBXSwitch) {
        self.user = user
        self.state = state
    }

    public init(parameters: PBXParameters) throws(ProtocolError) {
        user = try parameters.required("user")
        state = try PBXSwitch.required("state", in: parameters)
    }

    var parameters: PBXParameters { ["user": user, "state": state.rawValue] }
}

/// `get_dnd` (later versions): is do-not-disturb on for `user`?
public struct GetDNDRequest: Sendable, Equatable {
    public var user: String

    public init(user: String) {
        self.user = user
    }

    public init(parameters: PBXParameters) throws(ProtocolError) {
        user = try parameters.required("user")
    }

    var parameters: PBXParameters { ["user": user] }
}

/// `{"state":"on"}`.
public struct DNDStateResponse: Codable, Sendable, Equatable {
    public var state: PBXSwitch

    public init(state: PBXSwitch) {
        self.state = state
    }
}
