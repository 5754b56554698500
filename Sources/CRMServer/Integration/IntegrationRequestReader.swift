import Hummingbird
import NIOCore
import PBXProtocol

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
