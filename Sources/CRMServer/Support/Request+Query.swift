import Foundation
import Hummingbird
import PBXProtocol

extension Request {
    /// The query string as a form decodes it: `+` is a space, as browsers send it.
    var query: PBXParameters { FormURLEncoding.decode(uri.query ?? "") }
}

/// Query-string and path values, checked: a malformed one is a 400 that names it.
enum QueryParameter {
    static func int(_ query: PBXParameters, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query[name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError(.badRequest, "\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// An ISO 8601 UTC time (`2026-12-01T10:15:00Z`), or the protocol's `20261201T101500Z`.
    static func date(_ query: PBXParameters, _ name: String) throws -> Date? {
        guard let text = query[name] else { return nil }
        guard let date = ProtocolTimestamp.parse(text) else {
            throw APIError(.badRequest, "\(name) must be an ISO 8601 UTC time like 2026-12-01T10:15:00Z")
        }
        return date
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text) else { throw APIError(.notFound, "No such contact") }
        return id
    }
}
