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
            journal.record(parameters, status: 200, error: nil, exchange)
            return .json(bytes: body)
        } catch let refusal as ProtocolError {
            journal.record(parameters, status: 400, error: refusal.reason, exchange)
            return .json(bytes: IntegrationAnswer.error(refusal), status: .badRequest)
        } catch {
            // The store could not do it (a full or read-only disk): the PBX retries what is not acknowledged.
            logger.error("Integration command failed", metadata: ["cmd": "\(parameters["cmd"] ?? "")", "error": "\(error)"])
            journal.record(parameters, status: 503, error: "\(error)", exchange)
            return .json(ErrorResponse(error: "Temporarily unavailable"), status: .serviceUnavailable)
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

/// The bytes `/crm_integration` answers with.
///
/// The protocol's JSON is written by `ProtocolJSON`, the Codable path. `contact` — answered while
/// the caller hears ringing, tens of thousands of times a second under a PBX's burst — is written by
/// hand instead: a `JSONEncoder` per answer costs a few microseconds, about a tenth of the lookup's
/// whole budget. `IntegrationAnswerTests` proves the bytes are the ones `ProtocolJSON` writes.
enum IntegrationAnswer {
    /// `{}`, for `event`, `history` and `rating`.
    static let empty = Array("{}".utf8)

    static func users(_ users: UsersResponse) -> [UInt8] {
        ProtocolJSON.encode(users)
    }

    /// `{"contact_name":"…","responsible":"…"}`, absent fields left out.
    static func contact(_ answer: ContactResponse) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        output.reserveCapacity(40 + (answer.contactName?.utf8.count ?? 0) + (answer.responsible?.utf8.count ?? 0))
        if let name = answer.contactName {
            output.append(contentsOf: #""contact_name":"#.utf8)
            appendString(name, to: &output)
        }
        if let responsible = answer.responsible {
            if answer.contactName != nil { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #""responsible":"#.utf8)
            appendString(responsible, to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The protocol's error bodies, encoded once.
    static func error(_ error: ProtocolError) -> [UInt8] {
        switch error {
        case .invalidParameters, .exceedsLimits: invalidParameters
        case .invalidToken: invalidToken
        case .authorizationFailed: authorizationFailed
        }
    }

    private static let invalidParameters = ProtocolJSON.encode(ProtocolError.invalidParameters("").body)
    private static let invalidToken = ProtocolJSON.encode(ProtocolError.invalidToken.body)
    private static let authorizationFailed = ProtocolJSON.encode(ProtocolError.authorizationFailed.body)

    /// `"value"` escaped as `JSONEncoder` escapes it: quotes, backslashes and control characters;
    /// slashes and non-ASCII text as they are.
    private static func appendString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case ..<0x20: output += Array(String(format: "\\u%04x", byte).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
