import Hummingbird
import Logging
import PBXProtocol

/// A fake cloud PBX: the CRM → PBX half of the protocol, for tests, demos and CRM vendors.
///
/// `api_login.wcgp` with credentials or through its own sign-in page, `crm_api.wcgp` with
/// `accounts`, `groups` and `makeCall` — whose call it then plays back to the connected CRM as a PBX
/// would: `event` OUTGOING, ACCEPTED, COMPLETED, then `history` with a link to a recording it serves.
/// `GET /fake/state` shows what it received and did.
public struct FakePBX: Sendable {
    public let configuration: FakePBXConfiguration
    public let state: FakePBXState
    let calls: AsyncStream<PlacedCall>.Continuation
    let logger: Logger

    /// The protocol's requests are a handful of short parameters.
    static let maxBodySize = 64 * 1024
}

/// Builds the fake PBX's server. Run the application as a service (`runService()`, or inside a
/// `ServiceGroup` beside MiniCRM); `RunningFakePBX` does that in-process for tests.
public func buildFakePBX(_ configuration: FakePBXConfiguration) -> (some ApplicationProtocol, FakePBX) {
    let logger = {
        var logger = Logger(label: "minicrm.fake-pbx")
        logger.logLevel = configuration.logLevel
        return logger
    }()
    let (calls, continuation) = AsyncStream.makeStream(of: PlacedCall.self)
    let pbx = FakePBX(configuration: configuration, state: FakePBXState(), calls: continuation, logger: logger)
    let router = Router(context: BasicRequestContext.self)
    pbx.addRoutes(to: router)
    let application = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "FakePBX"),
        services: [CallPlayer(pbx: pbx, calls: calls)],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let base = configuration.listeningBaseURL(port: port)
            await pbx.state.setBaseURL(configuration.publicBaseURL ?? base)
            logger.notice(
                "Fake PBX is running",
                metadata: [
                    "url": "\(base)",
                    "api_login": "\(base)\(PBXAPI.loginPath)",
                    "crm_api": "\(base)\(PBXAPI.commandPath)",
                    "login": "\(configuration.adminLogin)",
                    "password": "\(configuration.adminPassword == "admin" ? "admin" : "(as configured)")",
                    "accounts": "\(configuration.accounts.map(\.name).joined(separator: ","))",
                    "state": "\(base)/fake/state",
                ]
            )
            await configuration.onServerRunning?(port)
        },
        logger: logger
    )
    return (application, pbx)
}

extension FakePBX {
    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post(RouterPath(PBXAPI.loginPath)) { request, _ in await self.login(request) }
        router.get(RouterPath(PBXAPI.loginPath)) { request, _ in await self.loginPage(request) }
        router.post(RouterPath(PBXAPI.commandPath)) { request, _ in await self.command(request) }
        router.get("/recordings/{callid}.wav") { request, context in
            await self.recording(request, callid: context.parameters.get("callid") ?? "")
        }
        router.get("/fake/state") { _, _ in await self.inspection() }
        router.post("/fake/calls") { request, _ in await self.placeIncoming(request) }
        router.get("/") { _, _ in self.index() }
    }

    /// Query and body parameters, whatever the encoding; `nil` when the body is over the limit.
    func parameters(of request: Request) async -> Result<PBXParameters, ProtocolError>? {
        let query = request.uri.query
        guard let body = try? await request.body.collect(upTo: Self.maxBodySize) else { return nil }
        do {
            return .success(
                try RequestBodyDecoding.parameters(
                    query: query, contentType: request.headers[.contentType], body: Array(body.readableBytesView)
                )
            )
        } catch {
            return .failure(error)
        }
    }

    static func bodyTooLarge() -> Response {
        .protocolJSON(ErrorResponse(error: "Request body too large"), status: .contentTooLarge)
    }
}
