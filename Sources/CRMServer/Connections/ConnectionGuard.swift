import NIOCore
import NIOHTTPTypes

/// One per connection, right after HTTP decoding: closes a client that is too slow to send its
/// request head or body, or idle too long between requests, and keeps the `ConnectionRegistry`
/// told whether the connection is busy. While a request is answered nothing is timed, so an event
/// stream lives as long as its tab.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ConnectionLimits
    private let registry: ConnectionRegistry
    private var timer: Scheduled<Void>?
    /// Requests whose head arrived and whose response has not ended.
    private var inFlight = 0
    private var isRegistered = false

    init(limits: ConnectionLimits, registry: ConnectionRegistry) {
        self.limits = limits
        self.registry = registry
    }

    private var key: ObjectIdentifier { ObjectIdentifier(self) }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !isRegistered else { return }
        isRegistered = true
        registry.opened(key, context.channel)
        arm(limits.headerTimeout, context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        registry.closed(key)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        registry.closed(key)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            inFlight += 1
            registry.busy(key)
            arm(limits.bodyTimeout, context)
        case .end:
            disarm()
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            inFlight = max(0, inFlight - 1)
            if inFlight == 0 {
                registry.idle(key)
                arm(limits.idleTimeout, context)
            }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ timeout: TimeAmount, _ context: ChannelHandlerContext) {
        disarm()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}
