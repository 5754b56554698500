import Foundation

/// Demo managers, contacts and calls, as in `SeedData/demo.json`; also the format of the admin
/// "load" control. Phones are written however people type them.
public struct SeedData: Codable, Sendable, Equatable {
    public struct SeedManager: Codable, Sendable, Equatable {
        public var id: ManagerID?
        public var name: String
        public var login: String
        /// The password, or its bcrypt `password_hash` (how MiniCRM keeps a data set it was given).
        public var password: String?
        public var passwordHash: String?
        public var role: Manager.Role?
        public var pbxAccount: String?
        public var active: Bool?

        enum CodingKeys: String, CodingKey {
            case id, name, login, password, role, active
            case passwordHash = "password_hash"
            case pbxAccount = "pbx_account"
        }
    }

    public struct SeedContact: Codable, Sendable, Equatable {
        public var name: String
        public var company: String?
        public var notes: String?
        public var phones: [String]
        public var responsible: ManagerID?
    }

    public struct SeedCall: Codable, Sendable, Equatable {
        public var callid: String
        public var direction: String
        public var user: String
        public var phone: String
        /// Calls are placed relative to the moment the seed is loaded, so a demo never looks stale: in
        /// working minutes when the seed has a `time_zone`, else in plain minutes.
        public var minutesAgo: Int
        public var duration: Int
        public var status: String
        public var recordings: [String]?
        public var diversion: String?

        enum CodingKeys: String, CodingKey {
            case callid, direction, user, phone, duration, status, recordings, diversion
            case minutesAgo = "minutes_ago"
        }
    }

    public var managers: [SeedManager]
    public var contacts: [SeedContact]
    public var calls: [SeedCall]?
    /// Where the seed's office is (`Europe/Moscow`): its calls fall in that office's working hours.
    public var timeZone: String?

    public init(managers: [SeedManager], contacts: [SeedContact], calls: [SeedCall]? = nil, timeZone: String? = nil) {
        self.managers = managers
        self.contacts = contacts
        self.calls = calls
        self.timeZone = timeZone
    }

    /// Every section may be left out: a file of contacts alone is fine.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        managers = try container.decodeIfPresent([SeedManager].self, forKey: .managers) ?? []
        contacts = try container.decodeIfPresent([SeedContact].self, forKey: .contacts) ?? []
        calls = try container.decodeIfPresent([SeedCall].self, forKey: .calls)
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
    }

    enum CodingKeys: String, CodingKey {
        case managers, contacts, calls
        case timeZone = "time_zone"
    }

    public static func load(from url: URL) throws -> SeedData {
        try JSONDecoder().decode(SeedData.self, from: Data(contentsOf: url))
    }

    /// This data set followed by `more`, as a `load?mode=append` leaves the data.
    public func appending(_ more: SeedData) -> SeedData {
        SeedData(
            managers: managers + more.managers, contacts: contacts + more.contacts, calls: (calls ?? []) + (more.calls ?? []),
            timeZone: timeZone ?? more.timeZone
        )
    }
}
