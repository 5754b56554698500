import Foundation
import PBXProtocol

/// The live state of one call leg, (`callid`, `user`), as `event`s drive it (the rules are in
/// `CallLeg+Events.swift`).
public struct CallLeg: Codable, Sendable, Equatable {
    public var callid: String
    public var user: String
    public var manager: ManagerID?
    /// The last event that moved the leg.
    public var state: CallEventType
    public var direction: CallDirection
    public var phone: PhoneNumber
    public var contact: Int64?
    public var diversion: String?
    public var groupRealName: String?
    public var startedAt: Date
    public var answeredAt: Date?
    public var updatedAt: Date
    /// Why the leg ended, once it has; see `LegReason`.
    public var reason: LegReason?

    public init(
        callid: String, user: String, manager: ManagerID?, state: CallEventType, direction: CallDirection, phone: PhoneNumber,
        contact: Int64?, diversion: String?, groupRealName: String?, startedAt: Date, answeredAt: Date?, updatedAt: Date,
        reason: LegReason? = nil
    ) {
        self.callid = callid
        self.user = user
        self.manager = manager
        self.state = state
        self.direction = direction
        self.phone = phone
        self.contact = contact
        self.diversion = diversion
        self.groupRealName = groupRealName
        self.startedAt = startedAt
        self.answeredAt = answeredAt
        self.updatedAt = updatedAt
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case callid, user, manager, state, direction, phone, contact, diversion, reason
        case groupRealName = "group"
        case startedAt = "started_at"
        case answeredAt = "answered_at"
        case updatedAt = "updated_at"
    }
}

/// An `event` as the CRM received it, with `user` and `phone` already resolved.
public struct ReceivedEvent: Sendable, Equatable {
    public var request: EventRequest
    public var manager: ManagerID?
    public var contact: Int64?
    public var receivedAt: Date

    public init(request: EventRequest, manager: ManagerID?, contact: Int64?, receivedAt: Date) {
        self.request = request
        self.manager = manager
        self.contact = contact
        self.receivedAt = receivedAt
    }
}

/// A `history` as the CRM received it, with `user` and `phone` already resolved.
public struct ReceivedHistory: Sendable, Equatable {
    public var request: HistoryRequest
    public var manager: ManagerID?
    public var contact: Int64?
    public var receivedAt: Date
    /// A push, or a line of the PBX's own history.
    public var source: CallSource

    public init(request: HistoryRequest, manager: ManagerID?, contact: Int64?, receivedAt: Date, source: CallSource = .push) {
        self.request = request
        self.manager = manager
        self.contact = contact
        self.receivedAt = receivedAt
        self.source = source
    }
}

/// A stored `event`, for inspection: every one is kept, including repeats that changed nothing.
public struct CallEventRecord: Encodable, Sendable, Equatable {
    public var id: Int64
    public var callid: String
    public var user: String
    public var manager: ManagerID?
    public var type: CallEventType
    public var phone: PhoneNumber
    public var diversion: String?
    public var receivedAt: Date
    /// Whether the event moved its leg, or was a repeat or a late arrival.
    public var applied: Bool
    public var extras: [String: String]

    public init(
        id: Int64, callid: String, user: String, manager: ManagerID?, type: CallEventType, phone: PhoneNumber, diversion: String?,
        receivedAt: Date, applied: Bool, extras: [String: String]
    ) {
        self.id = id
        self.callid = callid
        self.user = user
        self.manager = manager
        self.type = type
        self.phone = phone
        self.diversion = diversion
        self.receivedAt = receivedAt
        self.applied = applied
        self.extras = extras
    }

    enum CodingKeys: String, CodingKey {
        case id, callid, user, manager, type, phone, diversion, applied, extras
        case receivedAt = "received_at"
    }
}
