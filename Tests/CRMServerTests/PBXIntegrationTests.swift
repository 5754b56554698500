import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import Hummingbird
import Logging
import PBXProtocol
import PBXTools
import ServiceLifecycle
import Testing

@testable import CRMServer

/// The whole CRM → PBX loop over real HTTP: MiniCRM connects to the fake PBX, maps its accounts,
/// dials, and the PBX's playback of the call lands in the contact's history with its recording.
@Suite struct PBXIntegrationTests {
    static let fast = FakePBXConfiguration(port: 0, ringDelay: .milliseconds(10), talkDuration: .milliseconds(20), logLevel: .error)

    func withPBX<T: Sendable>(_ configuration: FakePBXConfiguration = fast, _ body: (RunningFakePBX) async throws -> T) async throws -> T {
        try await RunningFakePBX.withRunning(configuration, body)
    }

    func connect(_ admin: APIClient, _ pbx: RunningFakePBX, selfMap: Bool = false, password: String = "admin") async throws -> APIClient.Reply {
        try await admin.json(
            .POST, "/api/pbx/connect",
            ["base_url": pbx.baseURL, "login": "admin", "password": password, "crm_code": "minicrm", "self_map": selfMap]
        )
    }

    /// Polls `GET path` until `done` holds for its JSON, for work the PBX does after answering.
    func eventually(_ client: APIClient, _ path: String, _ done: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let json = try await client.get(path).json
            if done(json) || ContinuousClock.now > deadline { return json }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func connectMapDialAndTheCallLandsInHistoryWithAPlayableRecording() async throws {
        try await withPBX { pbx in
            try await withServer(seed: true) { server in
                let admin = try await APIClient.admin(server)
                let oldToken = server.crm.integration.settings.crmToken
                let connected = try await connect(admin, pbx)
                #expect(connected.status == 200)
                #expect(connected.json["connected"] as? Bool == true)
                #expect(connected.json["base_url"] as? String == pbx.baseURL)
                #expect(connected.json["url"] as? String == server.integrationURL)
                #expect(!connected.text.contains("admin\""))  // no password echoed
                // A fresh crm_token went to the PBX; the old one no longer opens the endpoint.
                let newToken = server.crm.integration.settings.crmToken
                #expect(newToken != oldToken)
                let refused = try await APIClient(baseURL: server.baseURL).form("/crm_integration", ["cmd": "users", "crm_token": oldToken])
                #expect(refused.status == 401)
                let state = await pbx.state.snapshot()
                #expect(state.connectedCRM?.url == server.integrationURL)

                let accounts = try await admin.get("/api/pbx/accounts")
                #expect(accounts.status == 200)
                let items = try #require(accounts.json["items"] as? [[String: Any]])
                #expect(items.first { $0["name"] as? String == "ivanov" }?["manager"] as? String == "ivanov")
                #expect(items.contains { $0["name"] as? String == "reception" && $0["manager"] is NSNull })

                let ivanov = try await APIClient.loggedIn(server, "ivanov")
                let dialled = try await ivanov.json(.POST, "/api/calls/dial", ["phone": "+7 (916) 123-45-67"])
                #expect(dialled.status == 200)
                #expect(dialled.json["status"] as? String == "ringing")
                #expect(dialled.json["phone"] as? String == "79161234567")
                #expect(dialled.json["user"] as? String == "ivanov")
                let makeCall = try #require(await pbx.state.snapshot().makeCalls.last)
                #expect(makeCall.phone == "79161234567")
                #expect(makeCall.user == "ivanov")

                let history = try await eventually(admin, "/api/calls?contact=1&direction=out") { ($0["total"] as? Int ?? 0) > 0 }
                let call = try #require((history["items"] as? [[String: Any]])?.first)
                #expect(call["manager"] as? String == "ivanov")
                #expect(call["status"] as? String == "success")
                let recording = try #require((call["recordings"] as? [String])?.first)
                let wav = try await HTTPClient.shared.execute(HTTPClientRequest(url: recording), timeout: .seconds(10))
                let bytes = try await wav.body.collect(upTo: 4 << 20)
                #expect(wav.status == .ok)
                #expect(String(decoding: Array(bytes.readableBytesView.prefix(4)), as: UTF8.self) == "RIFF")
            }
        }
    }

    @Test func wrongPBXPasswordChangesNothingAndSaysWhy() async throws {
        try await withPBX { pbx in
            try await withServer(seed: true) { server in
                let admin = try await APIClient.admin(server)
                let token = server.crm.integration.settings.crmToken
                let refused = try await connect(admin, pbx, password: "wrong")
                #expect(refused.status == 502)
                #expect((refused.json["error"] as? String)?.contains("Autorization failed") == true)
                #expect(server.crm.integration.settings.crmToken == token)
                #expect(try await admin.get("/api/pbx").json["connected"] as? Bool == false)
                let manager = try await APIClient.loggedIn(server, "ivanov")
                #expect(try await manager.json(.POST, "/api/pbx/connect", ["base_url": pbx.baseURL]).status == 403)
                let notConnected = try await manager.json(.POST, "/api/calls/dial", ["phone": "79161234567"])
                #expect(notConnected.status == 409)
            }
        }
    }

    @Test func plusAndCyrillicSurviveTheRoundTrip() async throws {
        var configuration = Self.fast
        configuration.adminLogin = "админ+1"
        configuration.adminPassword = "p+ss wörd&=%"
        try await withPBX(configuration) { pbx in
            try await withServer(seed: true) { server in
                let admin = try await APIClient.admin(server)
                let connected = try await admin.json(
                    .POST, "/api/pbx/connect",
                    ["base_url": pbx.baseURL, "login": "админ+1", "password": "p+ss wörd&=%", "crm_code": "мини+црм"]
                )
                #expect(connected.status == 200)
                let attempt = try #require(await pbx.state.snapshot().loginAttempts.last)
                #expect(attempt.login == "админ+1")
                #expect(attempt.crmCode == "мини+црм")
            }
        }
    }

    @Test func selfMapDialsByPBXAccountAndTranslatesIncomingUsers() async throws {
        var configuration = Self.fast
        configuration.accounts.append(PBXAccount(name: "ivan.i", realName: "Иван Иванов"))
        try await withPBX(configuration) { pbx in
            try await withServer(seed: true) { server in
                let admin = try await APIClient.admin(server)
                #expect(try await connect(admin, pbx, selfMap: true).json["self_map"] as? Bool == true)
                #expect(try await admin.json(.PATCH, "/api/managers/ivanov", ["pbx_account": "ivan.i"]).status == 200)

                let ivanov = try await APIClient.loggedIn(server, "ivanov")
                let dialled = try await ivanov.json(.POST, "/api/calls/dial", ["phone": "8 916 123-45-67"])
                #expect(dialled.status == 200)
                #expect(dialled.json["user"] as? String == "ivan.i")

                let token = server.crm.integration.settings.crmToken
                let pbxSide = APIClient(baseURL: server.baseURL)
                let contact = try await pbxSide.form("/crm_integration", ["cmd": "contact", "phone": "79161234567", "callid": "SM-1", "crm_token": token])
                #expect(contact.json["responsible"] as? String == "ivan.i")
                _ = try await pbxSide.form(
                    "/crm_integration",
                    ["cmd": "history", "type": "in", "user": "ivan.i@acme.example", "phone": "79161234567", "duration": "7", "callid": "SM-1", "crm_token": token]
                )
                let calls = try await admin.get("/api/calls?callid=SM-1")
                #expect((calls.json["items"] as? [[String: Any]])?.first?["manager"] as? String == "ivanov")
            }
        }
    }

    @Test func thePBXLoginPageFlowConnectsWithoutGivingMiniCRMThePassword() async throws {
        try await withPBX { pbx in
            try await withServer(seed: true) { server in
                let admin = try await APIClient.admin(server)
                let started = try await admin.json(.POST, "/api/pbx/connect", ["base_url": pbx.baseURL, "crm_code": "minicrm"])
                #expect(started.status == 200)
                let redirect = try #require(started.json["redirect"] as? String)
                #expect(redirect.hasPrefix(pbx.baseURL + PBXAPI.loginPath + "?"))
                #expect(!redirect.contains("password"))

                // The browser at the PBX: the login page, then its form posted with the admin's credentials.
                let page = try await HTTPClient.shared.execute(HTTPClientRequest(url: redirect), timeout: .seconds(10))
                _ = try await page.body.collect(upTo: 1 << 20)
                #expect(page.status == .ok)
                // The page's form carries the link's parameters as hidden fields, plus what the admin typed.
                var fields = FormURLEncoding.decode(String(redirect.split(separator: "?", maxSplits: 1)[1]))
                fields.append("login_form", "1")
                fields.append("login", "admin")
                fields.append("password", "admin")
                var form = HTTPClientRequest(url: pbx.loginURL)
                form.method = .POST
                form.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                form.body = .bytes(ByteBuffer(string: FormURLEncoding.encode(fields)))
                let noRedirects = HTTPClient(configuration: .init(redirectConfiguration: .disallow))
                func location(of request: HTTPClientRequest) async throws -> String? {
                    let response = try await noRedirects.execute(request, timeout: .seconds(10))
                    _ = try await response.body.collect(upTo: 1 << 20)
                    return response.status == .found ? response.headers.first(name: "Location") : nil
                }
                let back = try #require(try await location(of: form))
                #expect(back.hasPrefix(server.crm.baseURL + "/api/pbx/callback?state="))

                // The browser comes back to MiniCRM with the admin's session cookie.
                var callback = HTTPClientRequest(url: back)
                callback.headers.add(name: "Cookie", value: admin.cookie ?? "")
                #expect(try await location(of: callback) == "/#/settings?pbx=connected")
                #expect(try await admin.get("/api/pbx").json["connected"] as? Bool == true)
                #expect(try await admin.get("/api/pbx/accounts").status == 200)
                // A state is good once.
                #expect(try await location(of: callback) == "/#/settings?pbx=failed")
                try await noRedirects.shutdown()
            }
        }
    }

    @Test func aPBXThatNeverAnswersIsA504WithinTheDeadline() async throws {
        let silent = try await SilentServer.start()
        try await withServer(seed: true, configure: { $0.pbxClient.requestTimeout = .seconds(1) }) { server in
            try await server.crm.integration.updateSettings {
                $0.pbxBaseURL = silent.baseURL
                $0.pbxToken = "token"
            }
            let ivanov = try await APIClient.loggedIn(server, "ivanov")
            let started = ContinuousClock.now
            let dialled = try await ivanov.json(.POST, "/api/calls/dial", ["phone": "79161234567"])
            #expect(dialled.status == 504)
            #expect(ContinuousClock.now - started < .seconds(8))
            #expect((dialled.json["error"] as? String)?.contains("did not answer within 1 s") == true)
        }
        await silent.stop()
    }

    @Test func anUnreachablePBXIsA502ThatSaysSo() async throws {
        try await withServer(seed: true) { server in
            try await server.crm.integration.updateSettings {
                $0.pbxBaseURL = "http://127.0.0.1:9"
                $0.pbxToken = "token"
            }
            let ivanov = try await APIClient.loggedIn(server, "ivanov")
            let dialled = try await ivanov.json(.POST, "/api/calls/dial", ["phone": "79161234567"])
            #expect(dialled.status == 502)
            #expect((dialled.json["error"] as? String)?.contains("refused") == true)
            let admin = try await APIClient.admin(server)
            #expect(try await admin.json(.POST, "/api/pbx/connect", ["base_url": "not a url", "login": "a", "password": "b"]).status == 400)
        }
    }
}

/// A server that accepts requests and never answers them.
struct SilentServer: Sendable {
    let baseURL: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    static func start() async throws -> SilentServer {
        let router = Router()
        router.post("/sys/crm_api.wcgp") { _, _ -> Response in
            try await Task.sleep(for: .seconds(60))
            return Response(status: .ok)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        // Stopped by cancellation (its handler never returns), which Hummingbird reports loudly: keep it quiet.
        var logger = Logger(label: "silent")
        logger.logLevel = .critical
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [application], gracefulShutdownSignals: [], logger: Logger(label: "silent")))
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return SilentServer(baseURL: "http://127.0.0.1:\(port)", group: group, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
