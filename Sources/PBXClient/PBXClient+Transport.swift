import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PBXProtocol

extension PBXClient {
    /// Posts form parameters and reads the whole answer within `configuration.requestTimeout`.
    func post(_ path: String, _ parameters: PBXParameters, command: String) async throws(PBXClientError) -> PBXReply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.body = .bytes(ByteBuffer(string: FormURLEncoding.encode(parameters)))
        let started = ContinuousClock.now
        let limit = configuration.requestTimeout
        let maxBytes = configuration.maxResponseBytes
        let client: HTTPClient
        do throws(PBXClientError) {
            client = try await connectingClient(for: baseURL + path)
        } catch {
            logger.info("PBX request refused", metadata: ["command": "\(command)", "pbx": "\(endpoint)", "error": "\(error)"])
            throw error
        }
        defer { if client !== httpClient { Task { try? await client.shutdown() } } }
        do {
            let reply = try await withDeadline(limit) { [client, request] in
                let deadline = NIODeadline.now() + .nanoseconds(limit.nanoseconds)
                let response = try await client.execute(request, deadline: deadline)
                // `execute`'s deadline stops counting once the headers are in; the race around this
                // closure bounds the body too.
                let body = try await response.body.collect(upTo: maxBytes)
                return PBXReply(
                    status: Int(response.status.code), body: Array(body.readableBytesView), contentType: response.headers.first(name: "Content-Type")
                )
            }
            logger.debug(
                "PBX answered",
                metadata: [
                    "command": "\(command)", "pbx": "\(endpoint)", "status": "\(reply.status)", "ms": "\(started.elapsedMilliseconds)",
                ]
            )
            return reply
        } catch {
            let failure = PBXClientError(transport: error, host: endpoint, timeout: limit, maxResponseBytes: maxBytes)
            logger.info(
                "PBX request failed",
                metadata: ["command": "\(command)", "pbx": "\(endpoint)", "error": "\(failure)", "ms": "\(started.elapsedMilliseconds)"]
            )
            throw failure
        }
    }
}

extension PBXClient {
    /// The shared client, or — when the outbound policy pins the address it checked — a client of
    /// its own for this request, connecting to exactly that address (certificates are still
    /// checked against the host name).
    func connectingClient(for url: String) async throws(PBXClientError) -> HTTPClient {
        guard let parsed = URL(string: url) else { throw .invalidBaseURL(url) }
        let pinned: String?
        do {
            pinned = try await configuration.outbound.vet(parsed)
        } catch {
            throw .refused(error.description)
        }
        guard let pinned, let host = parsed.host else { return httpClient }
        return HTTPClient(
            eventLoopGroup: httpClient.eventLoopGroup,
            configuration: PBXClient.httpConfiguration(configuration, pinning: host, to: pinned)
        )
    }
}

/// Runs `operation`, or throws `PBXClientError.timeout` once `limit` has passed, cancelling it.
func withDeadline<Value: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask(operation: operation)
        group.addTask {
            try await Task.sleep(for: limit)
            throw PBXClientError.timeout(limit)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        return first
    }
}

extension ContinuousClock.Instant {
    var elapsedMilliseconds: Int64 {
        let elapsed = ContinuousClock.now - self
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }
}
