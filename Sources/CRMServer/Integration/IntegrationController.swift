import CRMCore
import Foundation
import Hummingbird
import Logging
import NIOCore
import PBXProtocol

/// `POST /crm_integration`: the one URL the PBX calls, from request to answer on one screen.
///
/// Read the parameters (bounded) → check the token (once, in constant time) → decode the command →
/// let `Integration` do it → encode the answer. Every exchange is journaled off the request path;
/// until the token is accepted a request costs no more than reading it, and the journal keeps only
/// a summary of it. See docs/PROTOCOL.md for every rule.
struct IntegrationController {
    static let path = "/crm_integration"
    /// The PBX sends a handful of short parameters; anything near this is not a PBX.
    static let maxBodySize = 64 * 1024

    let integration: Integration
    let journal: IntegrationJournal
    let faults: FaultInjector
    let logger: Logger
    /// Told the time of every request that presented the right token (the history sync watches for silences).
    var heardFromPBX: @Sendable (Date) -> Void = { _ in }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(RouterPath(Self.path), use: handle)
        // A PBX-side test suite expects 405 for any other method, not 404.
        for method in [HTTPRequest.Method.get, .put, .delete, .patch, .head] {
            router.on(RouterPath(Self.path), method: method) { _, _ in
                Response(status: .methodNotAllowed, headers: [.allow: "POST"])
            }
        }
    }

    @Sendable func handle(_ request: Request, context: AppRequestContext) async throws -> Response {
        var exchange = IntegrationJournal.Exchange(client: context.clientAddress)
        let parameters: PBXParameters
        switch await IntegrationRequestReader.read(request, exchange: &exchange) {
        case .read(let read): parameters = read
        case .unreadable(let failure): return journal.unreadable(failure, query: request.uri.query, integration: integration, exchange)
        }
        guard integration.acceptsToken(parameters[CRMRequest.tokenParameter]) else {
            return journal.refuse(status: .unauthorized, cmd: parameters["cmd"], reason: ProtocolError.invalidToken.reason, exchange)
        }
        heardFromPBX(exchange.received)
        if let fault = faults.take(for: parameters["cmd"]) {
            return try await faults.inject(fault, parameters: parameters, exchange, journal: journal, context: context) {
                await answer(parameters, exchange)
            }
        }
        return await answer(parameters, exchange)
    }

    /// An authenticated request: its command done, and the exchange journaled with its parameters.
    private func answer(_ parameters: PBXParameters, _ exchange: IntegrationJournal.Exchange) async -> Response {
        do {
            let command = try CRMRequest(parameters: parameters, defaultCountry: integration.defaultCountry)
            let body = try await perform(command, at: exchange.received)
            journal.record(parameters, status: 200, error: nil, answer: body, exchange)
            return .json(bytes: body)
        } catch let refusal as ProtocolError {
            let body = IntegrationAnswer.error(refusal)
            journal.record(parameters, status: 400, error: refusal.reason, answer: body, exchange)
            return .json(bytes: body, status: .badRequest)
        } catch {
            // The store could not do it (a full or read-only disk): the PBX retries what is not acknowledged.
            logger.error("Integration command failed", metadata: ["cmd": "\(parameters["cmd"] ?? "")", "error": "\(error)"])
            journal.record(parameters, status: 503, error: "\(error)", answer: IntegrationAnswer.unavailable, exchange)
            return .json(bytes: IntegrationAnswer.unavailable, status: .serviceUnavailable)
        }
    }

    /// The command against the domain; its answer's bytes.
    private func perform(_ command: CRMRequest, at time: Date) async throws -> [UInt8] {
        switch command {
        case .users: return IntegrationAnswer.users(try await integration.users())
        case .contact(let contact): return IntegrationAnswer.contact(try await integration.lookUp(contact))
        case .event(let event): try await integration.record(event, at: time)
        case .history(let history): try await integration.record(history, at: time)
        case .rating(let rating): try await integration.record(rating, at: time)
        }
        return IntegrationAnswer.empty
    }
}

/// Reads a request's parameters from its query string and body, bounded: the body by size, the
/// decoding by `ParameterLimits`. Runs before the token is known, so it must stay cheap.
enum IntegrationRequestReader {
    enum Outcome {
        case read(PBXParameters)
        case unreadable(Failure)
    }

    /// Why the parameters could not be read, and the status that says so.
    struct Failure {
        var status: HTTPResponse.Status
        var reason: String
    }

    static func read(_ request: Request, exchange: inout IntegrationJournal.Exchange) async -> Outcome {
        let query = request.uri.query
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: IntegrationController.maxBodySize)
        } catch {
            exchange.requestBytes = (query?.utf8.count ?? 0) + IntegrationController.maxBodySize
            return .unreadable(Failure(status: .contentTooLarge, reason: "body over \(IntegrationController.maxBodySize) bytes"))
        }
        exchange.requestBytes = (query?.utf8.count ?? 0) + body.readableBytes
        do {
            return .read(try RequestBodyDecoding.parameters(query: query, contentType: contentType(request.headers), body: body.readableBytesView))
        } catch .exceedsLimits(let reason) {
            return .unreadable(Failure(status: .badRequest, reason: reason))
        } catch {
            // The token still comes first: an unreadable body is refused as a wrong token would be.
            return .unreadable(Failure(status: .unauthorized, reason: error.reason))
        }
    }

    /// `Content-Type`, by a plain scan: a PBX request has a handful of fields, and a keyed lookup
    /// first indexes them all.
    static func contentType(_ fields: HTTPFields) -> String? {
        for field in fields where field.name == .contentType { return field.value }
        return nil
    }
}
