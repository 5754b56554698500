/// `cmd=users`: `{"users":[{"id":"…","name":"…"}]}`, the CRM's managers for the PBX's mapping table.
public struct UsersResponse: Codable, Sendable, Equatable {
    public struct User: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public var users: [User]

    public init(users: [User]) {
        self.users = users
    }
}

/// `cmd=contact`: `{"contact_name":"…","responsible":"…"}`; `{}` for an unknown caller, and no
/// `responsible` when the contact has none, so the PBX falls back to its own dial plan.
///
/// `event`, `history` and `rating` are answered `{}`: the PBX ignores their bodies.
public struct ContactResponse: Codable, Sendable, Equatable {
    public var contactName: String?
    public var responsible: String?

    public init(contactName: String? = nil, responsible: String? = nil) {
        self.contactName = contactName
        self.responsible = responsible
    }

    public static let unknown = ContactResponse()

    enum CodingKeys: String, CodingKey {
        case contactName = "contact_name"
        case responsible
    }
}
