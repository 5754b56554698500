import CRMCore
import Foundation
import PBXClient
import Synchronization

/// The parts of a running MiniCRM, built once by `buildMiniCRM` and shared by the routes.
public struct MiniCRM: Sendable {
    public let store: any CRMStore
    public let integration: Integration
    public let journal: JournalRecorder
    public let configuration: AppConfiguration
    public let dataSets: DataSets
    let address: BoundAddress
    let connector: PBXConnector
    let metrics: ServerMetrics
    let historySync: HistorySync
    /// Every route the router has, `GET /api/contacts/{id}`: the OpenAPI test compares them with the document.
    let routeTable: RouteTable
    /// Every open event stream, and the one mechanism that ends them with their sessions.
    let streams: OpenStreams
    /// Where admin-configured requests (PBX API, recordings) may go.
    public let outbound: OutboundPolicy

    public var hub: CallHub { integration.hub }

    /// The yes/no seam for an HTTP client of its own (recording downloads): may it fetch `url`?
    public func permitsOutbound(_ url: URL) async -> Bool { await outbound.permits(url) }

    /// Connects to a PBX as the settings page does with a login and password (`minicrm demo` uses it),
    /// but keeps the `crm_token` in effect: the one logged at start-up, or given with `--crm-token`.
    public func connectPBX(baseURL: String, login: String, password: String, crmCode: String = "minicrm", selfMap: Bool = false)
        async throws
    {
        try await connector.connect(
            integration, baseURL: baseURL, login: login, password: password, crmCode: crmCode, url: integrationURL, selfMap: selfMap,
            crmToken: integration.settings.crmToken
        )
        historySync.afterConnect()
    }

    /// The `user` the PBX knows `manager` by: their id, or with `self_map` their PBX account (409 when it is not mapped).
    func pbxUser(of manager: Manager) throws -> String {
        guard integration.settings.selfMap else { return manager.id }
        guard let account = manager.pbxAccount else {
            throw APIError(.conflict, "The PBX account is not mapped yet")
        }
        return account
    }

    /// `METHOD /path` of every route, sorted.
    public var routes: [String] { routeTable.routes }

    /// `http://host:port` as the server listens (the real port when configured with 0).
    public var baseURL: String { configuration.baseURL(port: address.port ?? configuration.port) }

    /// The `/crm_integration` URL to give a PBX by default.
    public var integrationURL: String { configuration.publicURL ?? baseURL + IntegrationController.path }
}

/// The router's routes, known once it is built.
final class RouteTable: Sendable {
    private let table = Mutex<[String]>([])
    var routes: [String] { table.withLock { $0 } }
    func set(_ routes: [String]) { table.withLock { $0 = routes.sorted() } }
}

/// The port the server bound, known once it listens.
final class BoundAddress: Sendable {
    private let bound = Mutex<Int?>(nil)
    var port: Int? { bound.withLock { $0 } }
    func set(_ port: Int) { bound.withLock { $0 = port } }
}
