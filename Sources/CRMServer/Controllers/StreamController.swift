import CRMCore
import Foundation
import Hummingbird
import NIOCore
import PBXProtocol
import ServiceLifecycle
import Synchronization

/// `GET /api/stream`: the logged-in manager's calls as server-sent events, the moment they are committed.
///
/// A fresh connection first gets the manager's calls that are still ringing or in progress, so a
/// reloaded page shows its pop-ups again; a reconnect with `Last-Event-ID` gets exactly what it
/// missed. One loop writes everything — replay, live messages, heartbeats — and ends when the
/// client goes away or the server shuts down.
struct StreamController {
    let integration: IntegrationService
    let heartbeats: StreamHeartbeats

    init(integration: IntegrationService, heartbeat: Duration) {
        self.integration = integration
        heartbeats = StreamHeartbeats(interval: heartbeat)
    }

    /// Legs untouched for longer were abandoned by the PBX (its closing events were lost).
    static let openLegHorizon: TimeInterval = 4 * 3600

    /// Messages a slow tab may fall behind by before the oldest are dropped (it then reloads).
    static let perStreamBuffer = 1024

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("stream", use: stream)
    }

    enum Item: Sendable {
        case message(LiveMessage)
        case heartbeat
    }

    /// Each open tab costs one stream of items and the connection's own task: the hub and the
    /// shared heartbeat both yield into it, and one loop writes it out. (A task group with a
    /// forwarding task and a heartbeat task per tab cost tens of kilobytes a tab.)
    @Sendable func stream(_ request: Request, context: AppRequestContext) async throws -> Response {
        let manager = try context.requireManager()
        let everyone = ["1", "true"].contains(request.query["all"] ?? "")
        if everyone, !manager.isAdmin { throw APIError(.forbidden, "Admins only") }
        let audience: CallHub.Audience = everyone ? .everyone : .manager(manager.id)
        let lastEventID = Self.lastEventID(request)
        let (items, sink) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingNewest(Self.perStreamBuffer))
        let listener = integration.hub.listen(audience, lastEventID: lastEventID) { sink.yield(.message($0)) }
        let heartbeat = heartbeats.register(sink)
        let heartbeats = self.heartbeats
        // However the stream ends — the tab goes, the server stops, the body is never sent — the
        // hub and the heartbeat let go of it.
        sink.onTermination = { _ in
            listener.cancel()
            heartbeats.unregister(heartbeat)
        }
        let controller = self
        let opening = listener.isFresh
            ? try await inOwnTask { try await controller.openCalls(for: audience, id: listener.currentID) } : listener.replay
        let isFresh = listener.isFresh
        // Written once, then let go of: the body lives as long as the tab.
        let openingBox = OneShot(opening)
        context.logger.debug("Stream opened", metadata: ["manager": "\(manager.id)", "all": "\(everyone)", "replay": "\(opening.count)"])

        // The tab going away ends the stream at once: a handler at the end of the connection's
        // pipeline sees its input close (no task waiting on the request body for it).
        let closing = InboundCloseHandler { sink.finish() }
        let pipeline = context.channel.pipeline
        try await pipeline.addHandler(closing).get()
        let body = ResponseBody { writer in
            try await withGracefulShutdownHandler {
                try await writer.write(ServerSentEvent.opening(openingBox.take() ?? [], isFresh: isFresh))
                for await item in items {
                    try await writer.write(ServerSentEvent.encode(item))
                }
            } onGracefulShutdown: {
                sink.finish()
            }
            sink.finish()
            pipeline.removeHandler(closing, promise: nil)
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
        let manager: ManagerID? = if case .manager(let id) = audience { id } else { nil }
        let legs = try await integration.store.openLegs(updatedSince: Date().addingTimeInterval(-Self.openLegHorizon), manager: manager)
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

    static let heartbeat = ByteBuffer(string: ": ping\n\n")

    /// The opening of a stream: the retry hint, the replay, and after a fresh start the snapshot of
    /// open legs, so the client can close the pop-ups of calls that ended while it was away.
    @inline(never)
    static func opening(_ messages: [LiveMessage], isFresh: Bool) -> ByteBuffer {
        var buffer = ByteBuffer(string: "retry: 2000\n: connected\n\n")
        for message in messages {
            var encoded = encode(message)
            buffer.writeBuffer(&encoded)
        }
        if isFresh {
            var snapshot = snapshot(of: messages)
            buffer.writeBuffer(&snapshot)
        }
        return buffer
    }

    @inline(never)
    static func encode(_ item: StreamController.Item) -> ByteBuffer {
        switch item {
        case .message(let message): encode(message)
        case .heartbeat: heartbeat
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

/// One heartbeat for every open stream: a single task pings them all each `interval`, so proxies
/// and browsers keep idle streams open without a sleeping task per tab. It runs while streams are
/// registered and stops when the last one goes.
final class StreamHeartbeats: Sendable {
    private struct State {
        var sinks: [UInt64: AsyncStream<StreamController.Item>.Continuation] = [:]
        var next: UInt64 = 0
        var ticking = false
    }

    let interval: Duration
    private let state = Mutex(State())

    init(interval: Duration) {
        self.interval = interval
    }

    var count: Int { state.withLock { $0.sinks.count } }

    func register(_ sink: AsyncStream<StreamController.Item>.Continuation) -> UInt64 {
        let (key, starts) = state.withLock { state in
            let key = state.next
            state.next += 1
            state.sinks[key] = sink
            defer { state.ticking = true }
            return (key, !state.ticking)
        }
        if starts { Task { await self.tick() } }
        return key
    }

    func unregister(_ key: UInt64) {
        _ = state.withLock { $0.sinks.removeValue(forKey: key) }
    }

    private func tick() async {
        while true {
            try? await Task.sleep(for: interval)
            let sinks: [AsyncStream<StreamController.Item>.Continuation]? = state.withLock { state in
                guard !state.sinks.isEmpty else {
                    state.ticking = false
                    return nil
                }
                return Array(state.sinks.values)
            }
            guard let sinks else { return }
            for sink in sinks { sink.yield(.heartbeat) }
        }
    }
}

/// A value handed out once.
final class OneShot<Value: Sendable>: Sendable {
    private let value: Mutex<Value?>

    init(_ value: Value) {
        self.value = Mutex(value)
    }

    func take() -> Value? {
        value.withLock { value in
            defer { value = nil }
            return value
        }
    }
}

/// Calls `onClose` once the peer has closed its side of the connection, or the connection is gone.
final class InboundCloseHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = Never

    private let onClose: @Sendable () -> Void

    init(onClose: @escaping @Sendable () -> Void) {
        self.onClose = onClose
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed = event as? ChannelEvent { onClose() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        onClose()
        context.fireChannelInactive()
    }
}
