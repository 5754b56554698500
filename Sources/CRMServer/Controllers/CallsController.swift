import CRMCore
import Foundation
import Hummingbird
import PBXProtocol

/// `GET /api/calls`: the call history, newest first, with filters.
struct CallsController {
    let store: any CRMStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("calls", use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Page<Call> {
        let query = request.query
        var filter = CallFilter(
            limit: try QueryParameter.int(query, "limit", default: 50, range: 1...500),
            offset: try QueryParameter.int(query, "offset", default: 0, range: 0...Int(Int32.max))
        )
        if let contact = query["contact"] {
            guard let id = Int64(contact) else { throw APIError(.badRequest, "contact must be a contact id") }
            filter.contact = id
        }
        filter.manager = query["manager"]
        if let direction = query["direction"] {
            guard let parsed = CallDirection(wire: String(direction)) else { throw APIError(.badRequest, "direction must be in or out") }
            filter.direction = parsed
        }
        if let status = query["status"] {
            if status.lowercased() == "missed-any" { filter.missedOnly = true } else { filter.status = CallStatus(rawValue: String(status)) }
        }
        if let missed = query["missed"] { filter.missedOnly = ["1", "true", "yes"].contains(missed.lowercased()) }
        if let since = query["since"] {
            guard let date = ProtocolTimestamp.parse(String(since)) else {
                throw APIError(.badRequest, "since must be an ISO 8601 UTC time like 2026-12-01T10:15:00Z")
            }
            filter.since = date
        }
        filter.callid = query["callid"]
        return try await store.calls(filter)
    }
}
