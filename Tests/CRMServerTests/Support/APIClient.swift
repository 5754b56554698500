import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import NIOCore
import NIOHTTP1
import PBXProtocol

/// A small HTTP client for tests: JSON and form requests, remembering the session cookie like a browser.
final class APIClient: @unchecked Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
        var contentType: String? { headers.first(name: "Content-Type") }

        func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: Data(body)) }
    }

    let baseURL: String
    private(set) var cookie: String?

    init(baseURL: String, cookie: String? = nil) {
        self.baseURL = baseURL
        self.cookie = cookie
    }

    func request(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = nil, headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        if let setCookie = response.headers.first(name: "Set-Cookie") {
            cookie = Self.keptCookie(setCookie)
        }
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }

    /// The `name=value` a browser keeps from a `Set-Cookie`, or nil when it clears the cookie: an
    /// empty value, `Max-Age=0`, or an `Expires` that is not in the future. (Session ids are base64
    /// and may end in `=`.)
    static func keptCookie(_ setCookie: String) -> String? {
        let parts = setCookie.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let pair = parts.first, let equals = pair.firstIndex(of: "="), pair.index(after: equals) < pair.endIndex else { return nil }
        for attribute in parts.dropFirst() {
            let lowered = attribute.lowercased()
            if lowered == "max-age=0" { return nil }
            if lowered.hasPrefix("expires="), let expires = httpDate.date(from: String(attribute.dropFirst("expires=".count))),
                expires <= Date()
            {
                return nil
            }
        }
        return pair
    }

    private static let httpDate: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter
    }()

    func get(_ path: String) async throws -> Reply { try await request(.GET, path) }

    func json(_ method: HTTPMethod, _ path: String, _ object: [String: Any?]) async throws -> Reply {
        let body = try JSONSerialization.data(withJSONObject: object.mapValues { $0 ?? NSNull() })
        return try await request(method, path, body: Array(body), contentType: "application/json")
    }

    /// Posts form parameters, encoded strictly (a `+` travels as `%2B`).
    func form(_ path: String, _ parameters: PBXParameters) async throws -> Reply {
        try await request(.POST, path, body: Array(FormURLEncoding.encode(parameters).utf8), contentType: "application/x-www-form-urlencoded")
    }

    @discardableResult
    func login(_ login: String, _ password: String) async throws -> Reply {
        try await json(.POST, "/api/login", ["login": login, "password": password])
    }
}
