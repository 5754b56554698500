import CRMCore
import Foundation
import Hummingbird
import PBXProtocol

/// `POST /crm_integration`: the one URL the PBX calls. Decode the parameters, let the integration
/// service answer, journal the exchange off the request path.
struct IntegrationController {
    static let path = "/crm_integration"
    /// The PBX sends a handful of short parameters; anything near this is not a PBX.
    static let maxBodySize = 64 * 1024

    let integration: IntegrationService
    let journal: JournalRecorder

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path), use: handle)
    }

    @Sendable func handle(_ request: Request, context: AppRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let received = Date()
        let query = request.uri.query
        var parameters = query.map { FormURLEncoding.decode($0) } ?? PBXParameters()
        let outcome: IntegrationService.Outcome
        do {
            let body = try await request.body.collect(upTo: Self.maxBodySize)
            parameters = try RequestBodyDecoding.parameters(
                query: query, contentType: request.headers[.contentType], body: Array(body.readableBytesView)
            )
            outcome = await integration.handle(parameters, now: received)
        } catch let error as ProtocolError {
            // The token still comes first: an unreadable body is a 401 unless the query carried the token.
            let refusal = integration.configuration.acceptsToken(parameters[CRMRequest.tokenParameter]) ? error : .invalidToken
            outcome = .init(status: refusal.status, body: ProtocolJSON.encode(refusal.body), command: nil, error: error.reason)
        } catch {
            outcome = .init(
                status: 413, body: ProtocolJSON.encode(ErrorResponse(error: "Request body too large")), command: nil,
                error: "body over \(Self.maxBodySize) bytes"
            )
        }
        journal.record(
            JournalEntry(
                time: received, cmd: parameters["cmd"], callid: parameters["callid"], params: parameters.dictionary(),
                status: outcome.status, latencyMs: (ContinuousClock.now - started).milliseconds, error: outcome.error
            )
        )
        return .json(bytes: outcome.body, status: .init(code: outcome.status))
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
