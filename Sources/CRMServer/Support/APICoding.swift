import Foundation
import Hummingbird
import PBXProtocol

/// JSON of the MiniCRM API: snake_case keys as the models name them, ISO 8601 UTC times, slashes unescaped.
enum APIJSON {
    static func encode(_ value: some Encodable) -> [UInt8] {
        (try? Array(encoder.encode(value))) ?? Array("{}".utf8)
    }

    static var encoder: JSONEncoder {
        let encoder = ProtocolJSON.makeEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ProtocolTimestamp.iso8601(date))
        }
        return encoder
    }
}

public struct APIResponseEncoder: ResponseEncoder {
    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        .json(value)
    }
}

/// Reads JSON bodies only, answering 415 for anything else and 400 with the reason for bad JSON.
public struct APIRequestDecoder: RequestDecoder {
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        // `first`: an empty or `;`-only header has no parts, and is simply not JSON.
        let mediaType = request.headers[.contentType].flatMap { $0.split(separator: ";").first?.trimmingWhitespace.lowercased() }
        guard mediaType == "application/json" else {
            throw APIError(.unsupportedMediaType, "Send JSON with Content-Type: application/json")
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        if JSONText.containsNULEscape(buffer.readableBytesView) {
            // SQLite text would be cut short at it: refused, never truncated.
            throw APIError(.badRequest, "Text may not contain NUL characters (\\u0000)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as APIError {
            throw error
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError(.badRequest, "Missing field \(key.stringValue)")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            throw APIError(.badRequest, "Wrong type for \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw APIError(.badRequest, "Malformed JSON")
        }
    }
}

enum JSONText {
    /// Whether a JSON text has a `\u0000` escape inside a string (an escaped backslash before
    /// `u0000` is not one). A raw NUL byte is invalid JSON and fails decoding anyway.
    static func containsNULEscape(_ bytes: some Collection<UInt8>) -> Bool {
        var inString = false
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "\""): inString.toggle()
            case UInt8(ascii: "\\") where inString:
                guard let escaped = iterator.next() else { return false }
                guard escaped == UInt8(ascii: "u") else { continue }
                var hex: [UInt8] = []
                while hex.count < 4, let digit = iterator.next() { hex.append(digit) }
                if hex == Array("0000".utf8) { return true }
                // `\u005c` is a backslash, not an escape of what follows: nothing to track.
            default: break
            }
        }
        return false
    }
}

/// `{"items":[…]}`, the shape of every list the API answers without paging.
struct ItemList<Item: Encodable>: Encodable {
    var items: [Item]
}
