import AsyncHTTPClient
import CRMCore
import Foundation
import Logging
import PBXClient
import PBXProtocol
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
        /// The admin who started it: only they can complete it.
        var admin: ManagerID? = nil
    }

    let httpClient: HTTPClient
    let configuration: PBXClient.Configuration
    let logger: Logger
    private let pending = Mutex<[String: (Pending, Date)]>([:])

    init(configuration: PBXClient.Configuration = PBXClient.Configuration(), logger: Logger = Logger(label: "minicrm.pbx-client")) {
        self.configuration = configuration
        self.logger = logger
        httpClient = PBXClient.makeHTTPClient(configuration: configuration)
    }

    /// Owns the HTTP client for the app's lifetime and shuts it down with it.
    func run() async throws {
        try? await gracefulShutdown()
        try await httpClient.shutdown()
    }

    func client(for baseURL: String) throws -> PBXClient {
        try PBXFailure.mapSync { () throws(PBXClientError) in try PBXClient(baseURL: baseURL, httpClient: httpClient, configuration: configuration, logger: logger) }
    }

    /// Refuses a PBX address the outbound policy does not allow, before the browser is sent there.
    func vet(_ baseURL: String) async throws {
        guard let url = URL(string: baseURL) else { return }
        do {
            _ = try await configuration.outbound.vet(url)
        } catch {
            throw APIError(.badRequest, error.description)
        }
    }

    /// The client of the connected PBX and its token; 409 when no PBX is connected.
    func connectedClient(_ settings: IntegrationSettings) throws -> (PBXClient, String) {
        guard let base = settings.pbxBaseURL, let token = settings.pbxToken else {
            throw APIError(.conflict, "The PBX is not connected: an admin connects it on the settings page")
        }
        return (try client(for: base), token)
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

    /// `api_login` with the PBX admin's credentials and a `crm_token` — a fresh one unless given; only
    /// when the PBX answers with a token are the new `crm_token` and the PBX's token stored.
    func connect(
        _ integration: Integration, baseURL: String, login: String, password: String, crmCode: String, url: String, selfMap: Bool,
        crmToken: String? = nil
    ) async throws {
        let client = try client(for: baseURL)
        let connection = Pending(
            baseURL: client.baseURL, crmCode: crmCode, crmToken: crmToken ?? SecretToken.generate(), url: url, selfMap: selfMap
        )
        let answer = try await PBXFailure.map { () async throws(PBXClientError) in
            try await client.login(
                PBXLoginRequest(
                    crmCode: crmCode, login: login, password: password, crmToken: connection.crmToken, url: url, selfMap: selfMap
                )
            )
        }
        try await complete(connection, pbxToken: answer.token, in: integration)
    }

    /// Stores a connection the PBX accepted.
    func complete(_ connection: Pending, pbxToken: String, in integration: Integration) async throws {
        try await integration.updateSettings { settings in
            settings.crmToken = connection.crmToken
            settings.pbxToken = pbxToken
            settings.pbxBaseURL = connection.baseURL
            settings.crmCode = connection.crmCode
            settings.publicURL = connection.url
            settings.selfMap = connection.selfMap
            settings.connectedAt = Date()
        }
    }

    func take(_ state: String) -> Pending? {
        pending.withLock { pending in
            guard let (connection, expiry) = pending.removeValue(forKey: state), expiry > Date() else { return nil }
            return connection
        }
    }
}
