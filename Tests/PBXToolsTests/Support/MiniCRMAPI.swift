import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import NIOCore
import NIOHTTP1

/// MiniCRM's JSON API as an admin sees it: where the tests look at what the PBX traffic stored.
final class MiniCRMAPI: Sendable {
    let baseURL: String
    let cookie: String

    private init(baseURL: String, cookie: String) {
        self.baseURL = baseURL
        self.cookie = cookie
    }

    static func loggedIn(_ baseURL: String, login: String = "admin", password: String = "admin") async throws -> MiniCRMAPI {
        var request = HTTPClientRequest(url: baseURL + "/api/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["login": login, "password": password])))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok, let setCookie = response.headers.first(name: "Set-Cookie") else {
            throw APIFailure(message: "login answered \(response.status.code)")
        }
        return MiniCRMAPI(baseURL: baseURL, cookie: String(setCookie.split(separator: ";")[0]))
    }

    /// `GET /api/calls?callid=`: the stored legs of one call.
    func calls(callid: String) async throws -> [[String: Any]] {
        try await items("/api/calls?callid=\(callid)")
    }

    /// `GET /api/events?callid=`: every event received for one call, repeats included.
    func events(callid: String) async throws -> [[String: Any]] {
        try await items("/api/events?callid=\(callid)")
    }

    /// `GET /api/calls?…`: the calls a query lists.
    func calls(query: String) async throws -> [[String: Any]] {
        try await items("/api/calls?\(query)")
    }

    private func items(_ path: String) async throws -> [[String: Any]] {
        try await object(path)["items"] as? [[String: Any]] ?? []
    }

    /// `GET path`: the JSON object it answers.
    func object(_ path: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "Cookie", value: cookie)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else { throw APIFailure(message: "\(path) answered \(response.status.code)") }
        return try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
    }

    /// `METHOD path` with an optional JSON body: status, content type and body, whatever the status.
    func raw(_ method: HTTPMethod = .GET, _ path: String, json: Any? = nil) async throws -> (status: Int, contentType: String?, body: String) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Cookie", value: cookie)
        request.headers.add(name: "Origin", value: baseURL)
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), response.headers.first(name: "Content-Type"), String(buffer: body))
    }

    struct APIFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
