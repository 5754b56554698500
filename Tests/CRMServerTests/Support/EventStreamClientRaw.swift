import AsyncHTTPClient
import Foundation
import NIOCore

/// A live `text/event-stream` response kept as the raw text it is, for tests of its framing.
final class EventStreamClientRaw: @unchecked Sendable {
    private let lock = NSLock()
    private var received = ""
    private var reader: Task<Void, Never>?

    static func connect(_ url: String, cookie: String) async throws -> EventStreamClientRaw {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Cookie", value: cookie)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let client = EventStreamClientRaw()
        client.reader = Task {
            do {
                for try await chunk in response.body { client.lock.withLock { client.received += String(buffer: chunk) } }
            } catch {}
        }
        return client
    }

    var text: String { lock.withLock { received } }

    func close() async {
        reader?.cancel()
        _ = await reader?.value
    }
}
