import CRMCore
import Hummingbird
import NIOCore

/// The request context of every route: the manager (and the session) once checked.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `RequireLogin` for the routes behind it.
    public var manager: Manager?
    /// The cookie session the manager came with; nil with HTTP Basic.
    public var session: LoginSession?
    /// The connection, for the one fault that must drop it.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
        manager = nil
        session = nil
    }

    /// JSON API bodies; `/crm_integration` sets its own, smaller limit.
    public var maxUploadSize: Int { 1 << 20 }
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }
    public var responseEncoder: APIResponseEncoder { APIResponseEncoder() }

    /// The sender's IP address, for the journal and throttling.
    var clientAddress: String? { channel.remoteAddress?.ipAddress }

    /// The logged-in manager; routes behind `RequireLogin` always have one.
    func requireManager() throws -> Manager {
        guard let manager else { throw APIError(.unauthorized, "Not logged in") }
        return manager
    }
}
