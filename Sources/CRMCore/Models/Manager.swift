import PBXProtocol

/// The stable id of a CRM user: what the PBX sees in `users`, `responsible` and `user`.
public typealias ManagerID = String

/// A CRM user: a manager who takes calls, or an admin who also configures the integration.
public struct Manager: Codable, Sendable, Equatable, Identifiable {
    public enum Role: String, Codable, Sendable, CaseIterable {
        case admin, manager
    }

    public var id: ManagerID
    public var name: String
    public var login: String
    public var role: Role
    /// The PBX account this manager's phone is, for `self_map` and for `makeCall`.
    public var pbxAccount: String?
    public var active: Bool

    public init(id: ManagerID, name: String, login: String, role: Role, pbxAccount: String?, active: Bool) {
        self.id = id
        self.name = name
        self.login = login
        self.role = role
        self.pbxAccount = pbxAccount
        self.active = active
    }

    public var isAdmin: Bool { role == .admin }

    enum CodingKeys: String, CodingKey {
        case id, name, login, role, active
        case pbxAccount = "pbx_account"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(login, forKey: .login)
        try container.encode(role, forKey: .role)
        try container.encode(pbxAccount, forKey: .pbxAccount)
        try container.encode(active, forKey: .active)
    }
}

/// A partial update: nil leaves a field as it is; `pbxAccount: .some(nil)` clears the mapping.
public struct ManagerPatch: Sendable, Equatable {
    public var name: String?
    public var login: String?
    public var password: String?
    public var role: Manager.Role?
    public var pbxAccount: String??
    public var active: Bool?

    public init(
        name: String? = nil, login: String? = nil, password: String? = nil, role: Manager.Role? = nil,
        pbxAccount: String?? = nil, active: Bool? = nil
    ) {
        self.name = name
        self.login = login
        self.password = password
        self.role = role
        self.pbxAccount = pbxAccount
        self.active = active
    }
}

extension Manager {
    /// The manager after an edit: what `patch` leaves out stays; an empty PBX account clears the mapping.
    public func applying(_ patch: ManagerPatch) -> Manager {
        var manager = self
        if let name = patch.name { manager.name = name }
        if let login = patch.login { manager.login = login }
        if let role = patch.role { manager.role = role }
        if let pbxAccount = patch.pbxAccount { manager.pbxAccount = pbxAccount.flatMap { $0.isEmpty ? nil : $0 } }
        if let active = patch.active { manager.active = active }
        return manager
    }
}
