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

    static func id(_ context: AppRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text) else { throw APIError(.notFound, "No such contact") }
        return id
    }
}
