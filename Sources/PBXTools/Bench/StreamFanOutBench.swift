import AsyncHTTPClient
import Foundation
import NIOCore
import PBXProtocol
import NIOConcurrencyHelpers

/// Pop-up latency: many open `/api/stream`s (managers × tabs) while events arrive at a steady rate.
/// Latency runs from just before the `event` POST to the moment each tab reads its message.
struct StreamFanOutBench: Sendable {
    struct Result: Sendable {
        var streams: Int
        var events: Int
        var expected: Int
        var received: Int
        var latency: LatencySummary
        /// Server memory with every stream open.
        var residentMemoryBytes: Int?
        /// What `thenWhileOpen` measured: the server's SIGTERM-to-exit with every stream open.
        var shutdownTime: Duration?
        var lost: Int { expected - received }
    }

    let http: BenchHTTP
    let integrationURL: String
    let token: String
    let managers: [String]
    let password: String
    let tabsPerManager: Int
    let eventsPerSecond: Int
    let duration: Duration
    let run: String

    /// `thenWhileOpen` runs after the measurement, with every tab still connected.
    func measure(memory: @Sendable () -> Int?, thenWhileOpen: @Sendable () async -> Duration) async throws -> Result {
        var logins: [String: String] = [:]
        for manager in managers { logins[manager] = try await http.login(manager, password) }
        let cookies = logins
        let sent = NIOLockedValueBox<[String: ContinuousClock.Instant]>([:])
        let latencies = NIOLockedValueBox<[Duration]>([])
        let opened = NIOLockedValueBox(0)
        let streams = managers.count * tabsPerManager

        return try await HTTPClient.withConnections(streams + 64) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for manager in managers {
                    for _ in 0..<tabsPerManager {
                        group.addTask {
                            var request = HTTPClientRequest(url: http.baseURL + "/api/stream")
                            request.headers.add(name: "Cookie", value: cookies[manager]!)
                            let response = try await client.execute(request, timeout: .seconds(60))
                            opened.withLockedValue { $0 += 1 }
                            var pending = ""
                            for try await chunk in response.body {
                                let now = ContinuousClock.now
                                pending += String(buffer: chunk)
                                while let end = pending.range(of: "\n\n") {
                                    let message = pending[..<end.lowerBound]
                                    if let callid = Self.callid(in: message), message.contains("event: call"),
                                        let start = sent.withLockedValue({ $0[callid] })
                                    {
                                        latencies.withLockedValue { $0.append(now - start) }
                                    }
                                    pending = String(pending[end.upperBound...])
                                }
                            }
                        }
                    }
                }
                while opened.withLockedValue({ $0 }) < streams { try await Task.sleep(for: .milliseconds(20)) }
                // Every stream is open before the first event, so each event is expected in every tab of its manager.
                try await Task.sleep(for: .milliseconds(200))
                let events = max(1, Int(duration.inSeconds * Double(eventsPerSecond)))
                let sender = CRMEndpointClient(url: integrationURL, token: token, httpClient: client, timeout: .seconds(10))
                let started = ContinuousClock.now
                var memoryWithStreams: Int?
                await withTaskGroup(of: Void.self) { posts in
                    for index in 0..<events {
                        let due = started + .seconds(Double(index) / Double(eventsPerSecond))
                        try? await Task.sleep(until: due, clock: .continuous)
                        let callid = "\(run)-sse-\(index)"
                        let manager = managers[index % managers.count]
                        posts.addTask {
                            sent.withLockedValue { $0[callid] = ContinuousClock.now }
                            let request = EventRequest(type: .incoming, phone: PhoneNumber("79990000000"), user: manager, callid: callid)
                            _ = try? await sender.send(.event(request))
                        }
                        if index == events / 2 { memoryWithStreams = memory() }
                    }
                }
                // Stragglers get a moment.
                let expected = events * tabsPerManager
                let deadline = ContinuousClock.now + .seconds(3)
                while latencies.withLockedValue({ $0.count }) < expected, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                let measured = latencies.withLockedValue { $0 }
                // The pop-ups' calls end, so the next run starts from the same open legs.
                await withTaskGroup(of: Void.self) { closing in
                    for lane in 0..<16 {
                        closing.addTask {
                            for index in stride(from: lane, to: events, by: 16) {
                                let request = EventRequest(
                                    type: .cancelled, phone: PhoneNumber("79990000000"), user: managers[index % managers.count],
                                    callid: "\(run)-sse-\(index)"
                                )
                                _ = try? await sender.send(.event(request))
                            }
                        }
                    }
                }
                let shutdownTime = await thenWhileOpen()
                group.cancelAll()
                return Result(
                    streams: streams, events: events, expected: expected, received: measured.count, latency: LatencySummary(measured),
                    residentMemoryBytes: memoryWithStreams, shutdownTime: shutdownTime
                )
            }
        }
    }

    static func callid(in message: Substring) -> String? {
        guard let start = message.range(of: "\"callid\":\"") else { return nil }
        let rest = message[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
