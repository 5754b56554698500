import CRMCore
import Foundation
import Hummingbird
import NIOCore

/// `GET /api/journal` and `GET /api/events` (admins): exactly what `/crm_integration` received.
struct JournalController {
    let store: any CRMStore
    let journal: JournalRecorder

    /// The most entries one page may ask for; older ones are reached with `before`.
    static let maximumPage = 1000
    /// Entries read from the database, and written out, at a time: a page never sits in memory whole.
    static let chunk = 50

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("journal", use: list)
        group.get("events", use: events)
        group.get("journal/export", use: export)
    }

    /// `{"items":[…oldest first],"next_before":ID|null}`, streamed in chunks. `next_before` is the
    /// cursor of the page before this one, null when there is none.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.query
        let limit = try QueryParameter.int(query, "limit", default: 100, range: 1...Self.maximumPage)
        let before = try query["before"].map { text -> Int64 in
            guard let id = Int64(text), id > 0 else { throw APIError(.badRequest, "before must be an entry id") }
            return id
        }
        // Entries still in the recorder's buffer belong to requests already answered: include them.
        await journal.flush()
        let ids = try await store.journalIDs(JournalFilter(callid: query["callid"], cmd: query["cmd"], before: before, limit: limit))
        let nextBefore = ids.count == limit ? ids.first : nil
        let store = self.store
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: #"{"items":["#))
            var first = true
            for start in stride(from: 0, to: ids.count, by: Self.chunk) {
                var buffer = ByteBuffer()
                for entry in try await store.journalEntries(ids: Array(ids[start..<min(start + Self.chunk, ids.count)])) {
                    if !first { buffer.writeString(",") }
                    first = false
                    buffer.writeBytes(APIJSON.encode(entry))
                }
                try await writer.write(buffer)
            }
            try await writer.write(ByteBuffer(string: #"],"next_before":\#(nextBefore.map(String.init) ?? "null")}"#))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: body)
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> ItemList<CallEventRecord> {
        guard let callid = request.query["callid"] else { throw APIError(.badRequest, "callid is required") }
        return ItemList(items: try await store.events(callid: String(callid)))
    }
}
