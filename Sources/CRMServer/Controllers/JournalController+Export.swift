import CRMCore
import Foundation
import Hummingbird
import NIOCore
import PBXProtocol

/// `GET /api/journal/export?since=&until=&callid=` (admins): the journal as NDJSON, one
/// `RecordedExchange` a line — what `minicrm replay` sends to another CRM.
///
/// Only exchanges the endpoint answered are exported: a refused request (a wrong or missing token,
/// an unreadable body without the token in its query) is journaled as a summary without its
/// parameters and cannot be replayed, so it is left out. An answer the journal had to cut is left
/// out too, so only its status is compared.
extension JournalController {
    /// Entries read from the database, and written out, at a time.
    static let exportChunk = 200

    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.query
        let range = JournalRange(
            since: try QueryParameter.date(query, "since"), until: try QueryParameter.date(query, "until"), callid: query["callid"]
        )
        await journal.flush()
        let store = self.store
        let body = ResponseBody { writer in
            var cursor: Int64 = 0
            while true {
                let entries = try await store.journalEntries(after: cursor, in: range, limit: Self.exportChunk)
                guard let last = entries.last?.id else { break }
                cursor = last
                var buffer = ByteBuffer()
                for exchange in entries.compactMap(Self.exchange) {
                    buffer.writeBytes(ProtocolJSON.encode(exchange))
                    buffer.writeString("\n")
                }
                try await writer.write(buffer)
                if entries.count < Self.exportChunk { break }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"], body: body)
    }

    /// The entry as the protocol's exchange record; nil for a refusal's summary.
    static func exchange(_ entry: JournalEntry) -> RecordedExchange? {
        guard !entry.params.isEmpty else { return nil }
        return RecordedExchange(
            time: entry.time, params: entry.params, status: entry.status, answer: entry.answer.flatMap { JSONValue(parsing: $0.utf8) }
        )
    }
}
