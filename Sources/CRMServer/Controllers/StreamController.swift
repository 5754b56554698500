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
    let integration: Integration
    let streams: OpenStreams
    let sessionPolicy: SessionPolicy

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
        /// The last item: the server ends the stream, and says why.
        case end(StreamEnd)
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
        let registered = streams.register(
            sink, manager: manager.id, session: context.session?.key, expires: context.session.map(sessionPolicy.expiry)
        )
        let streams = self.streams
        // However the stream ends — the tab goes, the server stops, the session ends, the body is
        // never sent — the hub and the registry let go of it.
        sink.onTermination = { _ in
            listener.cancel()
            streams.unregister(registered)
        }
        let controller = self
        let opening = listener.isFresh
            ? try await inOwnTask { try await controller.freshOpening(for: audience, id: listener.currentID) }
            : StreamOpening(messages: listener.replay, snapshot: nil)
        // Written once, then let go of: the body lives as long as the tab.
        let openingBox = OneShot(opening)
        context.logger.debug(
            "Stream opened", metadata: ["manager": "\(manager.id)", "all": "\(everyone)", "replay": "\(opening.messages.count)"]
        )

        // The tab going away ends the stream at once: a handler at the end of the connection's
        // pipeline sees its input close (no task waiting on the request body for it).
        let closing = InboundCloseHandler { sink.finish() }
        let pipeline = context.channel.pipeline
        try await pipeline.addHandler(closing).get()
        let body = ResponseBody { writer in
            try await withGracefulShutdownHandler {
                if let opening = openingBox.take() { try await writer.write(ServerSentEvent.opening(opening)) }
                for await item in items {
                    try await writer.write(ServerSentEvent.encode(item))
                    if case .end = item { break }
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

    /// The audience's ringing and in-progress calls, as the messages a live stream would have sent,
    /// and the snapshot: those legs, and why the legs closed lately ended.
    private func freshOpening(for audience: CallHub.Audience, id: UInt64) async throws -> StreamOpening {
        let manager: ManagerID? = if case .manager(let id) = audience { id } else { nil }
        let now = Date()
        let store = integration.store
        let legs = try await store.legs(open: true, updatedSince: now.addingTimeInterval(-Self.openLegHorizon), manager: manager, limit: nil)
        var messages: [LiveMessage] = []
        var shown: [CallLeg] = []
        for leg in legs {
            let message = LiveMessage(id: id, manager: leg.manager, payload: .call(CallLegUpdate(leg: leg, contact: nil)))
            guard audience.includes(message) else { continue }
            let contact = await integration.summary(of: leg.contact)
            messages.append(LiveMessage(id: id, manager: leg.manager, payload: .call(CallLegUpdate(leg: leg, contact: contact))))
            shown.append(leg)
        }
        let closed = try await store.legs(
            open: false, updatedSince: now.addingTimeInterval(-Self.closedLegHorizon), manager: manager, limit: Self.closedLegLimit
        )
        return StreamOpening(messages: messages, snapshot: StreamSnapshot(open: shown, closed: closed))
    }

    /// How far back the snapshot tells why legs ended: as far as a tab's missed-calls tray reaches.
    static let closedLegHorizon: TimeInterval = 3600
    static let closedLegLimit = 200
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
