import CRMCore
import Foundation
import Hummingbird
import NIOCore
import PBXProtocol

/// `POST /crm_integration`: the one URL the PBX calls. Read the parameters (bounded), check the
/// token, let the integration service answer, journal the exchange off the request path.
///
/// Until the token is accepted a request costs no more than reading it: its parameters are decoded
/// within `ParameterLimits`, and the journal keeps only a summary of it.
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

    /// One request from arrival to answer: when and from whom, for the journal.
    private struct Exchange {
        let received = Date()
        let started = ContinuousClock.now
        let client: String?
        var requestBytes = 0
    }

    @Sendable func handle(_ request: Request, context: AppRequestContext) async throws -> Response {
        var exchange = Exchange(client: context.clientAddress)
        let query = request.uri.query
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodySize)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            exchange.requestBytes = (query?.utf8.count ?? 0) + Self.maxBodySize
            return unreadable(status: .contentTooLarge, reason: "body over \(Self.maxBodySize) bytes", query: query, exchange)
        }
        exchange.requestBytes = (query?.utf8.count ?? 0) + body.readableBytes
        let parameters: PBXParameters
        do {
            parameters = try RequestBodyDecoding.parameters(
                query: query, contentType: Self.contentType(request.headers), body: body.readableBytesView
            )
        } catch .exceedsLimits(let reason) {
            return unreadable(status: .badRequest, reason: reason, query: query, exchange)
        } catch {
            // The token still comes first: an unreadable body is a 401 unless the query carried the token.
            return unreadable(status: .unauthorized, reason: error.reason, query: query, exchange)
        }
        guard accepts(parameters) else {
            return refuse(status: .unauthorized, cmd: parameters["cmd"], reason: ProtocolError.invalidToken.reason, exchange)
        }
        if let fault = faults.take(for: parameters["cmd"]) {
            return try await inject(fault, parameters: parameters, exchange, context: context)
        }
        return answer(await integration.handle(parameters, now: exchange.received), parameters: parameters, exchange)
    }

    /// A body that could not be read. A sender whose query string carries the right token is told
    /// what was wrong (`400`, or `413`) and its query is journaled; anyone else is refused with
    /// `refusal`.
    private func unreadable(status refusal: HTTPResponse.Status, reason: String, query: String?, _ exchange: Exchange) -> Response {
        let queryParameters = (try? FormURLEncoding.decode((query ?? "").utf8, limits: .standard)) ?? PBXParameters()
        guard accepts(queryParameters) else { return refuse(status: refusal, cmd: nil, reason: reason, exchange) }
        let status: HTTPResponse.Status = refusal == .contentTooLarge ? .contentTooLarge : .badRequest
        record(queryParameters, status: status.code, error: reason, exchange)
        return .json(bytes: Self.errorBody(status, reason: reason), status: status)
    }

    private func accepts(_ parameters: PBXParameters) -> Bool {
        integration.configuration.acceptsToken(parameters[CRMRequest.tokenParameter])
    }

    /// An authenticated exchange: journaled with its parameters.
    private func answer(_ outcome: IntegrationService.Outcome, parameters: PBXParameters, _ exchange: Exchange) -> Response {
        record(parameters, status: outcome.status, error: outcome.error, exchange)
        return .json(bytes: outcome.body, status: .init(code: outcome.status))
    }

    /// A request refused before its token was accepted: the protocol's error, and a summary in the journal.
    private func refuse(status: HTTPResponse.Status, cmd: String?, reason: String, _ exchange: Exchange) -> Response {
        let latency = ContinuousClock.now - exchange.started
        journal.recordRejection(
            Rejection(
                time: exchange.received, cmd: cmd, status: status.code, client: exchange.client, requestBytes: exchange.requestBytes,
                reason: reason, latencyMs: latency.milliseconds
            )
        )
        metrics.recordIntegrationRequest(cmd: cmd, status: status.code, latency: latency)
        return .json(bytes: Self.errorBody(status, reason: reason), status: status)
    }

    private static func errorBody(_ status: HTTPResponse.Status, reason: String) -> [UInt8] {
        switch status {
        case .unauthorized: ProtocolError.invalidToken.bodyJSON
        case .contentTooLarge: ErrorResponse(error: "Request body too large").json
        default: ProtocolError.invalidParameters(reason).bodyJSON
        }
    }

    /// A fault a test switched on: the request is journaled, but not handled.
    private func inject(
        _ fault: FaultInjector.Fault, parameters: PBXParameters, _ exchange: Exchange, context: AppRequestContext
    ) async throws -> Response {
        if let delay = fault.delayMs, delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
        if fault.drop == true {
            record(parameters, status: 0, error: "injected fault: \(fault.summary)", exchange)
            context.channel.close(promise: nil)
            throw DroppedConnection()
        }
        guard let status = fault.status else {
            // A delay alone: answer normally, late.
            return answer(await integration.handle(parameters, now: exchange.received), parameters: parameters, exchange)
        }
        record(parameters, status: status, error: "injected fault: \(fault.summary)", exchange)
        return .json(bytes: Array((fault.body ?? #"{"error":"Injected fault"}"#).utf8), status: .init(code: status))
    }

    /// `Content-Type`, by a plain scan: a PBX request has a handful of fields, and a keyed lookup
    /// first indexes them all.
    static func contentType(_ fields: HTTPFields) -> String? {
        for field in fields where field.name == .contentType { return field.value }
        return nil
    }

    private func record(_ parameters: PBXParameters, status: Int, error: String?, _ exchange: Exchange) {
        let latency = ContinuousClock.now - exchange.started
        journal.record(
            JournalEntry(
                time: exchange.received, cmd: parameters["cmd"], callid: parameters["callid"], parameters: parameters,
                status: status, latencyMs: latency.milliseconds, error: error, client: exchange.client,
                requestBytes: exchange.requestBytes
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
