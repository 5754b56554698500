import CRMCore
import Foundation
import Hummingbird
import PBXProtocol

/// What the endpoint keeps of every exchange: an entry in the request journal, and the metrics.
/// An authenticated request is journaled with its parameters; a refused one only as a summary.
struct IntegrationJournal {
    let recorder: JournalRecorder
    let metrics: ServerMetrics

    /// One request from arrival to answer: when and from whom.
    struct Exchange {
        let received = Date()
        let started = ContinuousClock.now
        let client: String?
        var requestBytes = 0

        var latency: Duration { ContinuousClock.now - started }
    }

    /// `answer`: the body sent back, which the journal keeps so it exports as replayable exchanges.
    func record(_ parameters: PBXParameters, status: Int, error: String?, answer: [UInt8]? = nil, _ exchange: Exchange) {
        let latency = exchange.latency
        recorder.record(
            JournalEntry(
                time: exchange.received, cmd: parameters["cmd"], callid: parameters["callid"], parameters: parameters, status: status,
                latencyMs: latency.milliseconds, error: error, client: exchange.client, requestBytes: exchange.requestBytes,
                answer: answer
            )
        )
        metrics.recordIntegrationRequest(cmd: parameters["cmd"], status: status, latency: latency)
    }

    /// A request refused before its token was accepted: the protocol's error, and a summary in the journal.
    func refuse(status: HTTPResponse.Status, cmd: String?, reason: String, _ exchange: Exchange) -> Response {
        let latency = exchange.latency
        recorder.recordRejection(
            Rejection(
                time: exchange.received, cmd: cmd, status: status.code, client: exchange.client, requestBytes: exchange.requestBytes,
                reason: reason, latencyMs: latency.milliseconds
            )
        )
        metrics.recordIntegrationRequest(cmd: cmd, status: status.code, latency: latency)
        return .json(bytes: Self.errorBody(status), status: status)
    }

    /// Parameters that could not be read. A sender whose query string carries the right token is told
    /// what was wrong (`400`, or `413`) and its query is journaled; anyone else is refused.
    func unreadable(
        _ failure: IntegrationRequestReader.Failure, query: String?, integration: Integration, _ exchange: Exchange
    ) -> Response {
        let queryParameters = (try? FormURLEncoding.decode((query ?? "").utf8, limits: .standard)) ?? PBXParameters()
        guard integration.acceptsToken(queryParameters[CRMRequest.tokenParameter]) else {
            return refuse(status: failure.status, cmd: nil, reason: failure.reason, exchange)
        }
        let status: HTTPResponse.Status = failure.status == .contentTooLarge ? .contentTooLarge : .badRequest
        let body = Self.errorBody(status)
        record(queryParameters, status: status.code, error: failure.reason, answer: body, exchange)
        return .json(bytes: body, status: status)
    }

    private static func errorBody(_ status: HTTPResponse.Status) -> [UInt8] {
        switch status {
        case .unauthorized: IntegrationAnswer.error(.invalidToken)
        case .contentTooLarge: tooLarge
        default: IntegrationAnswer.error(.invalidParameters(""))
        }
    }

    private static let tooLarge = ProtocolJSON.encode(ErrorResponse(error: "Request body too large"))
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
