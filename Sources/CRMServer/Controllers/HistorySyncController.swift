import CRMCore
import Foundation
import Hummingbird

/// `/api/pbx/history/sync` (admins): the Settings button that fills in missed calls from the PBX's
/// own history, and what the last sync — the button's, the start-up's or a connect's — did.
struct HistorySyncController {
    let crm: MiniCRM

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("pbx/history/sync", use: status)
        group.post("pbx/history/sync", use: sync)
    }

    struct Status: ResponseEncodable {
        var connected: Bool
        var last: HistorySync.Outcome?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(connected, forKey: .connected)
            try container.encode(last, forKey: .last)
        }

        enum CodingKeys: String, CodingKey { case connected, last }
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Status {
        Status(connected: crm.integration.settings.isConnected, last: crm.historySync.lastOutcome)
    }

    /// `?since=&until=`, both optional: the last day by default.
    @Sendable func sync(_ request: Request, context: AppRequestContext) async throws -> HistorySync.Outcome {
        let query = request.query
        let until = try QueryParameter.date(query, "until") ?? Date()
        let since = try QueryParameter.date(query, "since") ?? until.addingTimeInterval(-HistorySync.defaultWindow)
        guard since < until else { throw APIError(.badRequest, "since must be before until", field: "since") }
        guard until.timeIntervalSince(since) <= HistorySync.maximumWindow else {
            throw APIError(.badRequest, "A sync reads at most 31 days", field: "since")
        }
        return try await crm.historySync.run(since: since, until: until, trigger: "manual")
    }
}
