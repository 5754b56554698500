import NIOCore
import NIOPosix
import Synchronization

/// A raw TCP server on a loopback port that answers every connection the same way, whatever was
/// asked: the PBXs that misbehave, which a well-behaved server framework cannot imitate.
final class CannedHTTPServer: Sendable {
    enum Behaviour: Sendable {
        /// These bytes, once the request starts arriving.
        case answer(String)
        /// Accept the connection, read, never answer.
        case silent
        /// A 200 head promising a body that never comes.
        case headersThenStall
    }

    let port: Int
    private let channel: any Channel
    private let connections: Connections

    /// The channels accepted, to close them on stop, and every byte they received.
    final class Connections: Sendable {
        let channels = Mutex<[any Channel]>([])
        let received = Mutex<[UInt8]>([])
    }

    private init(port: Int, channel: any Channel, connections: Connections) {
        self.port = port
        self.channel = channel
        self.connections = connections
    }

    /// What the clients sent, all connections together.
    var received: String { String(decoding: connections.received.withLock { $0 }, as: UTF8.self) }

    static func start(_ behaviour: Behaviour) async throws -> CannedHTTPServer {
        let connections = Connections()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                connections.channels.withLock { $0.append(child) }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(CannedHandler(behaviour: behaviour, connections: connections))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
        return CannedHTTPServer(port: port, channel: channel, connections: connections)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func stop() async {
        for connection in connections.channels.withLock({ $0 }) { try? await connection.close() }
        try? await channel.close()
    }

    /// A port nothing listens on: bound, then closed again.
    static func closedPort() async throws -> Int {
        let server = try await start(.silent)
        await server.stop()
        return server.port
    }
}

private final class CannedHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let behaviour: CannedHTTPServer.Behaviour
    let connections: CannedHTTPServer.Connections
    private var answered = false

    init(behaviour: CannedHTTPServer.Behaviour, connections: CannedHTTPServer.Connections) {
        self.behaviour = behaviour
        self.connections = connections
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        connections.received.withLock { $0.append(contentsOf: bytes.readableBytesView) }
        guard !answered else { return }
        answered = true
        switch behaviour {
        case .answer(let text):
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
        case .silent:
            break
        case .headersThenStall:
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{\"name\":"
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: head)), promise: nil)
        }
    }
}

extension CannedHTTPServer {
    /// A complete HTTP/1.1 answer; `Connection: close`, as the server answers once per connection.
    static func response(status: String, body: String, contentType: String = "application/json; charset=utf-8") -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }

    static func with<T>(_ behaviour: Behaviour, _ body: (CannedHTTPServer) async throws -> T) async throws -> T {
        let server = try await start(behaviour)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}
