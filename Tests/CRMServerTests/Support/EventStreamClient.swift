import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import NIOCore
import NIOHTTP1

/// Reads a live `text/event-stream` response over a real connection and queues its events.
final class EventStreamClient: @unchecked Sendable {
    struct Event: Sendable, Equatable {
        var id: String?
        var event: String
        var data: String

        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]) ?? [:] }
    }

    let status: Int
    let headers: HTTPHeaders
    private let lock = NSLock()
    private var queued: [Event] = []
    private var comments = 0
    private var ended = false
    private var reader: Task<Void, Never>?

    private init(status: Int, headers: HTTPHeaders) {
        self.status = status
        self.headers = headers
    }

    static func connect(_ url: String, cookie: String?, lastEventID: String? = nil) async throws -> EventStreamClient {
        var request = HTTPClientRequest(url: url)
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: lastEventID) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let client = EventStreamClient(status: Int(response.status.code), headers: response.headers)
        client.reader = Task { await client.read(response.body) }
        return client
    }

    private func read(_ body: HTTPClientResponse.Body) async {
        var pending = ""
        var current = Event(id: nil, event: "message", data: "")
        do {
            for try await chunk in body {
                pending += String(buffer: chunk)
                while let newline = pending.firstIndex(of: "\n") {
                    let line = String(pending[..<newline])
                    pending = String(pending[pending.index(after: newline)...])
                    if line.isEmpty {
                        if !current.data.isEmpty {
                            let event = current
                            lock.withLock { queued.append(event) }
                        }
                        current = Event(id: nil, event: "message", data: "")
                    } else if line.hasPrefix(":") {
                        lock.withLock { comments += 1 }
                    } else if line.hasPrefix("id: ") {
                        current.id = String(line.dropFirst(4))
                    } else if line.hasPrefix("event: ") {
                        current.event = String(line.dropFirst(7))
                    } else if line.hasPrefix("data: ") {
                        current.data += String(line.dropFirst(6))
                    }
                }
            }
        } catch {}
        lock.withLock { ended = true }
    }

    /// The next event, or nil if none came within `timeout` (or the stream ended).
    func next(timeout: Duration = .seconds(5)) async -> Event? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (event, finished): (Event?, Bool) = lock.withLock {
                queued.isEmpty ? (nil, ended) : (queued.removeFirst(), false)
            }
            if let event { return event }
            if finished { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// Waits until the server has ended the stream.
    func waitForEnd(timeout: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if lock.withLock({ ended }) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    var commentCount: Int { lock.withLock { comments } }

    /// Drops the connection, as a closed browser tab does.
    func close() async {
        reader?.cancel()
        _ = await reader?.value
    }
}
