import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Counts what a CRM stored for a callid, through the CRM's own API: what makes idempotency
/// checkable from outside. Logs in to MiniCRM's `/api/login` first when given credentials.
public actor CallInspector {
    public enum Failure: Error, CustomStringConvertible {
        case login(status: Int)
        case status(Int)
        case unreadable(String)

        public var description: String {
            switch self {
            case .login(let status): "inspect login answered \(status)"
            case .status(let status): "inspect URL answered \(status)"
            case .unreadable(let body): "inspect answer has no total, items or array: \(TextTable.clip(body, to: 60))"
            }
        }
    }

    let urlTemplate: String
    let credentials: ConformanceOptions.Credentials?
    let httpClient: HTTPClient
    let timeout: Duration
    private var cookie: String?

    public init(urlTemplate: String, credentials: ConformanceOptions.Credentials?, httpClient: HTTPClient, timeout: Duration = .seconds(5))
    {
        self.urlTemplate = urlTemplate
        self.credentials = credentials
        self.httpClient = httpClient
        self.timeout = timeout
    }

    /// How many calls the CRM stored under `callid`.
    public func storedCount(callid: String) async throws -> Int {
        let body = try await stored(callid: callid)
        guard let count = Self.count(in: body) else { throw Failure.unreadable(String(decoding: body, as: UTF8.self)) }
        return count
    }

    /// The inspect URL's whole answer for `callid`: where a check looks for the fields a call was stored with.
    public func stored(callid: String) async throws -> [UInt8] {
        if let credentials, cookie == nil { try await logIn(credentials) }
        let escaped = callid.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "=", "+"])) ?? callid
        var request = HTTPClientRequest(url: urlTemplate.replacingOccurrences(of: "{callid}", with: escaped))
        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
        request.headers.add(name: "Accept", value: "application/json")
        let (status, body) = try await execute(request)
        guard status == 200 else { throw Failure.status(status) }
        return body
    }

    /// `{"total":N}`, `{"items":[…]}` or `[…]`.
    static func count(in body: [UInt8]) -> Int? {
        let json = try? JSONSerialization.jsonObject(with: Data(body))
        if let array = json as? [Any] { return array.count }
        guard let object = json as? [String: Any] else { return nil }
        if let total = object["total"] as? Int { return total }
        return (object["items"] as? [Any])?.count
    }

    private func logIn(_ credentials: ConformanceOptions.Credentials) async throws {
        guard let url = URL(string: urlTemplate), let scheme = url.scheme, let host = url.host else {
            throw Failure.unreadable("inspect URL \(urlTemplate)")
        }
        let origin = "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)" + (url.port.map { ":\($0)" } ?? "")
        var request = HTTPClientRequest(url: origin + "/api/login")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = try JSONSerialization.data(withJSONObject: ["login": credentials.login, "password": credentials.password])
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await httpClient.execute(request, timeout: .nanoseconds(timeout.nanosecondsForNIO))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok, let setCookie = response.headers.first(name: "Set-Cookie") else {
            throw Failure.login(status: Int(response.status.code))
        }
        cookie = String(setCookie.split(separator: ";", maxSplits: 1)[0])
    }

    private func execute(_ request: HTTPClientRequest) async throws -> (Int, [UInt8]) {
        let response = try await httpClient.execute(request, timeout: .nanoseconds(timeout.nanosecondsForNIO))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), Array(body.readableBytesView))
    }
}
