import CRMCore
import Foundation
import Hummingbird
import NIOCore
import PBXProtocol
import ServiceLifecycle

/// `GET /api/stream`: the logged-in manager's calls as server-sent events, the moment they are committed.
///
/// A fresh connection first gets the manager's calls that are still ringing or in progress, so a
/// reloaded page shows its pop-ups again; a reconnect with `Last-Event-ID` gets exactly what it
/// missed. One loop writes everything — replay, live messages, heartbeats — and ends when the
/// client goes away or the server shuts down.
struct StreamController {
    let integration: IntegrationService
    let heartbeat: Duration

    /// Legs untouched for longer were abandoned by the PBX (its closing events were lost).
    static let openLegHorizon: TimeInterval = 4 * 3600

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("stream", use: stream)
    }

    private enum Item: Sendable {
        case message(LiveMessage)
        case heartbeat
    }

    @Sendable func stream(_ request: Request, context: AppRequestContext) async throws -> Response {
        let manager = try context.requireManager()
        let everyone = ["1", "true"].contains(request.query["all"] ?? "")
        if everyone, !manager.isAdmin { throw APIError(.forbidden, "Admins only") }
        let audience: CallHub.Audience = everyone ? .everyone : .manager(manager.id)
        let lastEventID = Self.lastEventID(request)
        let subscription = integration.hub.subscribe(audience, lastEventID: lastEventID)
        let opening = subscription.isFresh ? try await openCalls(for: audience, id: subscription.currentID) : subscription.replay
        let heartbeat = heartbeat
        context.logger.debug("Stream opened", metadata: ["manager": "\(manager.id)", "all": "\(everyone)", "replay": "\(opening.count)"])

        let body = ResponseBody { writer in
            let (items, sink) = AsyncStream<Item>.makeStream()
            try await withGracefulShutdownHandler {
                try await request.body.consumeWithInboundCloseHandler { _ in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await message in subscription.messages { sink.yield(.message(message)) }
                            sink.finish()
                        }
                        group.addTask {
                            while true {
                                try await Task.sleep(for: heartbeat)
                                sink.yield(.heartbeat)
                            }
                        }
                        try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                        for message in opening { try await writer.write(ServerSentEvent.encode(message)) }
                        // After a fresh start, tell the client which legs are open, so it can close the
                        // pop-ups of calls that ended while it was away.
                        if subscription.isFresh { try await writer.write(ServerSentEvent.snapshot(of: opening)) }
                        for await item in items {
                            switch item {
                            case .message(let message): try await writer.write(ServerSentEvent.encode(message))
                            case .heartbeat: try await writer.write(ByteBuffer(string: ": ping\n\n"))
                            }
                        }
                        group.cancelAll()
                    }
                } onInboundClosed: {
                    sink.finish()
                }
            } onGracefulShutdown: {
                sink.finish()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", .xAccelBuffering: "no"],
            body: body
        )
    }

    /// `Last-Event-ID` as browsers send it on reconnect, or `?last_event_id=` for scripts.
    private static func lastEventID(_ request: Request) -> UInt64? {
        if let header = request.headers[.lastEventID] { return UInt64(header) }
        return request.query["last_event_id"].flatMap { UInt64($0) }
    }

    /// The audience's ringing and in-progress calls, as the messages a live stream would have sent.
    private func openCalls(for audience: CallHub.Audience, id: UInt64) async throws -> [LiveMessage] {
        let legs = try await integration.store.openLegs(updatedSince: Date().addingTimeInterval(-Self.openLegHorizon))
        var messages: [LiveMessage] = []
        for leg in legs {
            let message = LiveMessage(id: id, manager: leg.manager, payload: .call(CallLegUpdate(leg: leg, contact: nil)))
            guard audience.includes(message) else { continue }
            let contact = await integration.summary(of: leg.contact)
            messages.append(LiveMessage(id: id, manager: leg.manager, payload: .call(CallLegUpdate(leg: leg, contact: contact))))
        }
        return messages
    }
}

/// The SSE wire form of a live message: `id`, `event` (`call` or `history`) and one line of JSON.
enum ServerSentEvent {
    /// `event: snapshot` with `{"open":[{"callid","user"}…]}`: every leg still open for this stream.
    static func snapshot(of opening: [LiveMessage]) -> ByteBuffer {
        struct Leg: Encodable {
            var callid: String
            var user: String
        }
        struct Snapshot: Encodable {
            var open: [Leg]
        }
        let legs = opening.compactMap { message -> Leg? in
            guard case .call(let update) = message.payload else { return nil }
            return Leg(callid: update.leg.callid, user: update.leg.user)
        }
        var buffer = ByteBuffer(string: "event: snapshot\ndata: ")
        buffer.writeBytes(APIJSON.encode(Snapshot(open: legs)))
        buffer.writeString("\n\n")
        return buffer
    }

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
        contact = update.contact
    }

    enum CodingKeys: String, CodingKey {
        case callid, user, manager, state, phone, direction, diversion, group, time, contact
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
        try container.encode(contact, forKey: .contact)
    }
}
