import AsyncHTTPClient
import Foundation
import NIOCore
import PBXProtocol

/// MiniCRM's JSON API as the benchmark uses it: log in once, then read with the session cookie.
struct BenchHTTP: Sendable {
    let baseURL: String
    let client: HTTPClient

    func login(_ login: String, _ password: String) async throws -> String {
        var request = HTTPClientRequest(url: baseURL + "/api/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(["login": login, "password": password])))
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 16)
        guard response.status == .ok, let cookie = response.headers.first(name: "Set-Cookie")?.split(separator: ";").first else {
            throw BenchmarkError.requestFailed("login as \(login) failed: HTTP \(response.status.code)")
        }
        return String(cookie)
    }

    /// GETs a JSON object; returns it with the request's latency.
    func get(_ path: String, cookie: String) async throws -> (json: [String: Any], latency: Duration) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "Cookie", value: cookie)
        let started = ContinuousClock.now
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        let latency = ContinuousClock.now - started
        guard response.status == .ok, let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            throw BenchmarkError.requestFailed("GET \(path): HTTP \(response.status.code)")
        }
        return (json, latency)
    }

    func total(_ path: String, cookie: String) async throws -> Int {
        guard let total = try await get(path, cookie: cookie).json["total"] as? Int else {
            throw BenchmarkError.requestFailed("GET \(path) has no total")
        }
        return total
    }
}
