import AsyncHTTPClient
import CRMCore
import Foundation
import PBXClient
import ServiceLifecycle
import Synchronization

/// The CRM's one HTTP client for PBX requests, and the connections waiting for the PBX's login page.
final class PBXConnector: Service, Sendable {
    /// A connection started through the PBX's login page, waiting for the browser to come back.
    struct Pending: Sendable {
        var baseURL: String
        var crmCode: String
        var crmToken: String
        var url: String
        var selfMap: Bool
    }

    let httpClient: HTTPClient
    private let pending = Mutex<[String: (Pending, Date)]>([:])

    init(configuration: PBXClient.Configuration = PBXClient.Configuration()) {
        httpClient = PBXClient.makeHTTPClient(configuration: configuration)
    }

    /// Owns the HTTP client for the app's lifetime and shuts it down with it.
    func run() async throws {
        try? await gracefulShutdown()
        try await httpClient.shutdown()
    }

    func client(for baseURL: String) throws -> PBXClient {
        try PBXFailure.mapSync { () throws(PBXClientError) in try PBXClient(baseURL: baseURL, httpClient: httpClient) }
    }

    /// Keeps `connection` for ten minutes under a fresh unguessable state value, which it returns.
    func remember(_ connection: Pending) -> String {
        let state = SecretToken.generate()
        pending.withLock { pending in
            pending = pending.filter { $0.value.1 > Date() }
            pending[state] = (connection, Date().addingTimeInterval(600))
        }
        return state
    }

    func take(_ state: String) -> Pending? {
        pending.withLock { pending in
            guard let (connection, expiry) = pending.removeValue(forKey: state), expiry > Date() else { return nil }
            return connection
        }
    }
}
