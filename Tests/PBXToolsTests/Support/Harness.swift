import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import NIOCore
import NIOHTTP1
import PBXProtocol
import PBXTools

/// A fake PBX on a loopback port for the length of `body`, with near-instant call playback.
func withFakePBX<T>(
    configure: (inout FakePBXConfiguration) -> Void = { _ in }, _ body: (RunningFakePBX) async throws -> T
) async throws -> T {
    var configuration = FakePBXConfiguration(
        port: 0, ringDelay: .milliseconds(20), talkDuration: .milliseconds(30), logLevel: .error
    )
    configure(&configuration)
    return try await RunningFakePBX.withRunning(configuration, body)
}

/// A stub CRM for the length of `body`.
func withStubCRM<T>(_ body: (StubCRM) async throws -> T) async throws -> T {
    let crm = try await StubCRM.start()
    do {
        let result = try await body(crm)
        await crm.stop()
        return result
    } catch {
        await crm.stop()
        throw error
    }
}

/// Plain HTTP, as a browser or a hand-written CRM would send it. Redirects are not followed, so a
/// test sees the fake PBX's own 302.
struct Browser {
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body)) }
        var errorText: String? { (json as? [String: Any])?["error"] as? String }
    }

    static let httpClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    static func request(
        _ method: HTTPMethod, _ url: String, body: [UInt8]? = nil, contentType: String? = nil, headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await httpClient.execute(request, timeout: .seconds(5))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }

    static func get(_ url: String, headers: [(String, String)] = []) async throws -> Reply {
        try await request(.GET, url, headers: headers)
    }

    /// A form POST, strictly encoded.
    static func form(_ url: String, _ parameters: PBXParameters) async throws -> Reply {
        try await request(
            .POST, url, body: Array(FormURLEncoding.encode(parameters).utf8), contentType: "application/x-www-form-urlencoded"
        )
    }
}

extension RunningFakePBX {
    /// Logs in as the default administrator, connecting `crmURL`, and returns the token.
    func connect(crmURL: String = "http://127.0.0.1:9/crm_integration", crmToken: String = "crm-secret", selfMap: Bool = false)
        async throws -> String
    {
        var parameters: PBXParameters = [
            "login": "admin", "password": "admin", "crm_code": "minicrm", "crm_token": crmToken, "url": crmURL,
        ]
        if selfMap { parameters.append("self_map", "1") }
        let reply = try await Browser.form(loginURL, parameters)
        guard reply.status == 200, let token = (reply.json as? [String: Any])?["token"] as? String else {
            throw TestFailure("api_login answered \(reply.status): \(reply.text)")
        }
        return token
    }
}

