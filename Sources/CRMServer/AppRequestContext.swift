import CRMCore
import Hummingbird
import HummingbirdAuth
import NIOCore

/// What a browser session remembers: who logged in.
public struct ManagerSession: Codable, Sendable {
    public var managerID: ManagerID
}

/// The request context of every route: the session, and the manager it belongs to once checked.
public struct AppRequestContext: RequestContext, SessionRequestContext {
    public typealias Session = ManagerSession

    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<ManagerSession>
    /// Set by `RequireLogin` for the routes behind it.
    public var manager: Manager?
    /// The connection, for the one fault that must drop it.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
        sessions = .init()
        manager = nil
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
