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

/// `{}`: the answer to `event`, `history` and `rating`, whose bodies the PBX ignores.
public struct EmptyResponse: Codable, Sendable, Equatable {
    public init() {}
}

extension ContactResponse {
    /// The answer's JSON, written by hand (`contact` is the hot path): the bytes `ProtocolJSON`
    /// would write, `{"contact_name":"…","responsible":"…"}` with absent fields left out.
    public var json: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(40 + (contactName?.utf8.count ?? 0) + (responsible?.utf8.count ?? 0))
        output.append(UInt8(ascii: "{"))
        if let contactName {
            output.append(contentsOf: #""contact_name":"#.utf8)
            JSONText.appendString(contactName, to: &output)
        }
        if let responsible {
            if contactName != nil { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #""responsible":"#.utf8)
            JSONText.appendString(responsible, to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }
}

extension ErrorResponse {
    /// `{"error":"…"}`, written by hand.
    public var json: [UInt8] {
        var output = Array(#"{"error":"#.utf8)
        JSONText.appendString(error, to: &output)
        output.append(UInt8(ascii: "}"))
        return output
    }
}
