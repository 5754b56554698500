import Foundation
import PBXProtocol

/// One leg of a finished call, as `history` reported it: one row per (`callid`, `user`).
public struct Call: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64
    public var callid: String
    /// `user` as the PBX sent it: a manager id, or a PBX account with `self_map`.
    public var user: String
    /// The manager `user` resolved to; nil when no manager matches.
    public var manager: ManagerID?
    public var direction: CallDirection
    public var phone: PhoneNumber
    public var contact: Int64?
    public var contactName: String?
    public var diversion: String?
    /// When the call started: `start` as sent, or the time `history` arrived minus `duration`.
    public var start: Date
    public var duration: Int
    public var status: CallStatus?
    public var recordings: [String]
    public var ext: String?
    public var telnum: String?
    public var groupRealName: String?
    public var rating: Int?
    /// Parameters of later protocol versions that MiniCRM does not interpret.
    public var extras: [String: String]
    public var receivedAt: Date
    public var updatedAt: Date
    /// Where MiniCRM learned of the call: the PBX's push, or its own history, read by a sync.
    public var source: CallSource

    public init(
        id: Int64, callid: String, user: String, manager: ManagerID?, direction: CallDirection, phone: PhoneNumber,
        contact: Int64?, contactName: String?, diversion: String?, start: Date, duration: Int, status: CallStatus?,
        recordings: [String], ext: String?, telnum: String?, groupRealName: String?, rating: Int?, extras: [String: String],
        receivedAt: Date, updatedAt: Date, source: CallSource = .push
    ) {
        self.id = id
        self.callid = callid
        self.user = user
        self.manager = manager
        self.direction = direction
        self.phone = phone
        self.contact = contact
        self.contactName = contactName
        self.diversion = diversion
        self.start = start
        self.duration = duration
        self.status = status
        self.recordings = recordings
        self.ext = ext
        self.telnum = telnum
        self.groupRealName = groupRealName
        self.rating = rating
        self.extras = extras
        self.receivedAt = receivedAt
        self.updatedAt = updatedAt
        self.source = source
    }

    /// An incoming call nobody answered: what the UI highlights.
    public var isMissed: Bool { direction == .incoming && !wasAnswered }

    enum CodingKeys: String, CodingKey {
        case id, callid, user, manager, direction, phone, contact, diversion, start, duration, status, recordings, ext, telnum, rating,
            extras, source
        case contactName = "contact_name"
        case groupRealName = "group"
        case receivedAt = "received_at"
        case updatedAt = "updated_at"
        case isMissed = "missed"
    }

    /// Read back as written (`missed` follows from the rest).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(Int64.self, forKey: .id), callid: try container.decode(String.self, forKey: .callid),
            user: try container.decode(String.self, forKey: .user), manager: try container.decodeIfPresent(String.self, forKey: .manager),
            direction: try container.decode(CallDirection.self, forKey: .direction), phone: try container.decode(PhoneNumber.self, forKey: .phone),
            contact: try container.decodeIfPresent(Int64.self, forKey: .contact),
            contactName: try container.decodeIfPresent(String.self, forKey: .contactName),
            diversion: try container.decodeIfPresent(String.self, forKey: .diversion), start: try container.decode(Date.self, forKey: .start),
            duration: try container.decode(Int.self, forKey: .duration), status: try container.decodeIfPresent(CallStatus.self, forKey: .status),
            recordings: try container.decode([String].self, forKey: .recordings), ext: try container.decodeIfPresent(String.self, forKey: .ext),
            telnum: try container.decodeIfPresent(String.self, forKey: .telnum),
            groupRealName: try container.decodeIfPresent(String.self, forKey: .groupRealName),
            rating: try container.decodeIfPresent(Int.self, forKey: .rating), extras: try container.decode([String: String].self, forKey: .extras),
            receivedAt: try container.decode(Date.self, forKey: .receivedAt), updatedAt: try container.decode(Date.self, forKey: .updatedAt)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(callid, forKey: .callid)
        try container.encode(user, forKey: .user)
        try container.encode(manager, forKey: .manager)
        try container.encode(direction, forKey: .direction)
        try container.encode(phone, forKey: .phone)
        try container.encode(contact, forKey: .contact)
        try container.encode(contactName, forKey: .contactName)
        try container.encode(diversion, forKey: .diversion)
        try container.encode(start, forKey: .start)
        try container.encode(duration, forKey: .duration)
        try container.encode(status, forKey: .status)
        try container.encode(recordings, forKey: .recordings)
        try container.encode(ext, forKey: .ext)
        try container.encode(telnum, forKey: .telnum)
        try container.encode(groupRealName, forKey: .groupRealName)
        try container.encode(rating, forKey: .rating)
        try container.encode(extras, forKey: .extras)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(isMissed, forKey: .isMissed)
        try container.encode(source, forKey: .source)
    }
}

/// How MiniCRM learned of a call.
public enum CallSource: String, Sendable, Codable {
    /// The PBX pushed its `history`.
    case push
    /// A history sync read it from the PBX's own history: the PBX's push never arrived (yet).
    case pbxHistory = "pbx_history"
}

/// Which calls to list; every field narrows the list.
public struct CallFilter: Sendable, Equatable {
    public var contact: Int64?
    public var manager: ManagerID?
    public var direction: CallDirection?
    public var status: CallStatus?
    public var missedOnly: Bool
    public var since: Date?
    public var callid: String?
    public var limit: Int
    public var offset: Int

    public init(
        contact: Int64? = nil, manager: ManagerID? = nil, direction: CallDirection? = nil, status: CallStatus? = nil,
        missedOnly: Bool = false, since: Date? = nil, callid: String? = nil, limit: Int = 50, offset: Int = 0
    ) {
        self.contact = contact
        self.manager = manager
        self.direction = direction
        self.status = status
        self.missedOnly = missedOnly
        self.since = since
        self.callid = callid
        self.limit = limit
        self.offset = offset
    }
}
