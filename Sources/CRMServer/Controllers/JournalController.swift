import CRMCore
import Foundation
import Hummingbird

/// `GET /api/journal` and `GET /api/events` (admins): exactly what `/crm_integration` received.
struct JournalController {
    let store: any CRMStore
    let journal: JournalRecorder

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("journal", use: list)
        group.get("events", use: events)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let query = request.query
        // Entries still in the recorder's buffer belong to requests already answered: include them.
        await journal.flush()
        let entries = try await store.journal(
            JournalFilter(
                callid: query["callid"], cmd: query["cmd"],
                limit: try QueryParameter.int(query, "limit", default: 100, range: 1...10_000)
            )
        )
        return .json(ItemList(items: entries))
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        guard let callid = request.query["callid"] else { throw APIError(.badRequest, "callid is required") }
        return .json(ItemList(items: try await store.events(callid: String(callid))))
    }
}
