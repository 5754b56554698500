import CRMCore
import Foundation
import Hummingbird
import NIOCore
import PBXProtocol

/// `POST /crm_integration`: the one URL the PBX calls. Decode the parameters, let the integration
/// service answer, journal the exchange off the request path.
struct IntegrationController {
    static let path = "/crm_integration"
    /// The PBX sends a handful of short parameters; anything near this is not a PBX.
    static let maxBodySize = 64 * 1024

    let integration: IntegrationService
    let journal: JournalRecorder
    let faults: FaultInjector
    let metrics: ServerMetrics

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path), use: handle)
    }

    @Sendable func handle(_ request: Request, context: AppRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let received = Date()
        let query = request.uri.query
        var parameters = query.map { FormURLEncoding.decode($0) } ?? PBXParameters()
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodySize)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            record(parameters, status: 413, error: "body over \(Self.maxBodySize) bytes", received: received, started: started)
            return .json(bytes: ErrorResponse(error: "Request body too large").json, status: .contentTooLarge)
        }
        let outcome: IntegrationService.Outcome
        do {
            parameters = try RequestBodyDecoding.parameters(
                query: query, contentType: Self.contentType(request.headers), body: body.readableBytesView
            )
            if let fault = faults.take(for: parameters["cmd"]) {
                return try await inject(fault, parameters: parameters, received: received, started: started, context: context)
            }
            outcome = await integration.handle(parameters, now: received)
        } catch let error as ProtocolError {
            // The token still comes first: an unreadable body is a 401 unless the query carried the token.
            let refusal = integration.configuration.acceptsToken(parameters[CRMRequest.tokenParameter]) ? error : .invalidToken
            outcome = .init(status: refusal.status, body: refusal.bodyJSON, command: nil, error: error.reason)
        }
        record(parameters, status: outcome.status, error: outcome.error, received: received, started: started)
        return .json(bytes: outcome.body, status: .init(code: outcome.status))
    }

    /// A fault a test switched on: the request is journaled, but not handled.
    private func inject(
        _ fault: FaultInjector.Fault, parameters: PBXParameters, received: Date, started: ContinuousClock.Instant,
        context: AppRequestContext
    ) async throws -> Response {
        if let delay = fault.delayMs, delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
        if fault.drop == true {
            record(parameters, status: 0, error: "injected fault: \(fault.summary)", received: received, started: started)
            context.channel.close(promise: nil)
            throw DroppedConnection()
        }
        guard let status = fault.status else {
            // A delay alone: answer normally, late.
            let outcome = await integration.handle(parameters, now: received)
            record(parameters, status: outcome.status, error: outcome.error, received: received, started: started)
            return .json(bytes: outcome.body, status: .init(code: outcome.status))
        }
        record(parameters, status: status, error: "injected fault: \(fault.summary)", received: received, started: started)
        return .json(bytes: Array((fault.body ?? #"{"error":"Injected fault"}"#).utf8), status: .init(code: status))
    }

    /// `Content-Type`, by a plain scan: a PBX request has a handful of fields, and a keyed lookup
    /// first indexes them all.
    static func contentType(_ fields: HTTPFields) -> String? {
        for field in fields where field.name == .contentType { return field.value }
        return nil
    }

    private func record(_ parameters: PBXParameters, status: Int, error: String?, received: Date, started: ContinuousClock.Instant) {
        let latency = ContinuousClock.now - started
        journal.record(
            JournalEntry(
                time: received, cmd: parameters["cmd"], callid: parameters["callid"], parameters: parameters,
                status: status, latencyMs: latency.milliseconds, error: error
            )
        )
        metrics.recordIntegrationRequest(cmd: parameters["cmd"], status: status, latency: latency)
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// Thrown after a fault closed the connection: there is no one left to answer.
struct DroppedConnection: Error {}
