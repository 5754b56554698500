import CRMCore
import Foundation
import NIOCore
import PBXProtocol

/// What a stream writes first: the replay after a reconnect, or after a fresh start the open calls
/// and the snapshot.
struct StreamOpening: Sendable {
    var messages: [LiveMessage]
    /// Only after a fresh start.
    var snapshot: StreamSnapshot?
}

/// `{"open":[{"callid","user"}…],"closed":[{"callid","user","reason"}…]}`.
struct StreamSnapshot: Encodable, Sendable {
    struct Leg: Encodable, Sendable {
        var callid: String
        var user: String
        var reason: LegReason?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(callid, forKey: .callid)
            try container.encode(user, forKey: .user)
            try container.encodeIfPresent(reason, forKey: .reason)
        }

        enum CodingKeys: String, CodingKey { case callid, user, reason }
    }

    var open: [Leg]
    var closed: [Leg]

    init(open: [CallLeg], closed: [CallLeg]) {
        self.open = open.map { Leg(callid: $0.callid, user: $0.user) }
        self.closed = closed.map { Leg(callid: $0.callid, user: $0.user, reason: $0.reason) }
    }
}

/// The SSE wire form of a live message: `id`, `event` (`call` or `history`) and one line of JSON.
enum ServerSentEvent {
    /// `event: snapshot`: every leg still open for this stream, and why the legs that closed lately
    /// ended — so a reloaded tab closes the pop-ups of calls that ended while it was away, and drops
    /// missed-call entries a later event showed were answered elsewhere.
    static func snapshot(_ snapshot: StreamSnapshot) -> ByteBuffer {
        var buffer = ByteBuffer(string: "event: snapshot\ndata: ")
        buffer.writeBytes(APIJSON.encode(snapshot))
        buffer.writeString("\n\n")
        return buffer
    }

    static let heartbeat = ByteBuffer(string: ": ping\n\n")

    /// The opening of a stream: the retry hint, the replay, and after a fresh start the snapshot.
    @inline(never)
    static func opening(_ opening: StreamOpening) -> ByteBuffer {
        var buffer = ByteBuffer(string: "retry: 2000\n: connected\n\n")
        for message in opening.messages {
            var encoded = encode(message)
            buffer.writeBuffer(&encoded)
        }
        if let snapshot = opening.snapshot {
            var encoded = Self.snapshot(snapshot)
            buffer.writeBuffer(&encoded)
        }
        return buffer
    }

    @inline(never)
    static func encode(_ item: StreamController.Item) -> ByteBuffer {
        switch item {
        case .message(let message): encode(message)
        case .heartbeat: heartbeat
        case .end(let reason): ByteBuffer(string: "event: end\ndata: {\"reason\":\"\(reason.rawValue)\"}\n\n")
        }
    }

    @inline(never)
    static func encode(_ message: LiveMessage) -> ByteBuffer {
        let (event, json): (String, [UInt8]) = switch message.payload {
        case .call(let update): ("call", APIJSON.encode(LiveCall(update)))
        case .history(let call): ("history", APIJSON.encode(call))
        }
        var buffer = ByteBuffer()
        buffer.writeString("id: \(message.id)\nevent: \(event)\ndata: ")
        buffer.writeBytes(json)
        buffer.writeString("\n\n")
        return buffer
    }
}

/// A call leg as the pop-up reads it.
struct LiveCall: Encodable {
    var callid: String
    var user: String
    var manager: ManagerID?
    var state: CallEventType
    var phone: PhoneNumber
    var direction: CallDirection
    var diversion: String?
    var group: String?
    var time: Date
    var startedAt: Date
    var answeredAt: Date?
    var reason: LegReason?
    var contact: ContactSummary?

    init(_ update: CallLegUpdate) {
        let leg = update.leg
        callid = leg.callid
        user = leg.user
        manager = leg.manager
        state = leg.state
        phone = leg.phone
        direction = leg.direction
        diversion = leg.diversion
        group = leg.groupRealName
        time = leg.updatedAt
        startedAt = leg.startedAt
        answeredAt = leg.answeredAt
        reason = leg.reason
        contact = update.contact
    }

    enum CodingKeys: String, CodingKey {
        case callid, user, manager, state, phone, direction, diversion, group, time, reason, contact
        case startedAt = "started_at"
        case answeredAt = "answered_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(callid, forKey: .callid)
        try container.encode(user, forKey: .user)
        try container.encode(manager, forKey: .manager)
        try container.encode(state, forKey: .state)
        try container.encode(phone, forKey: .phone)
        try container.encode(direction, forKey: .direction)
        try container.encode(diversion, forKey: .diversion)
        try container.encode(group, forKey: .group)
        try container.encode(time, forKey: .time)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(answeredAt, forKey: .answeredAt)
        try container.encode(reason, forKey: .reason)
        try container.encode(contact, forKey: .contact)
    }
}

