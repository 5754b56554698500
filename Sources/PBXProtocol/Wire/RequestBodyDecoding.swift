import Foundation

/// Reads the parameters of a request from its query string and body, whatever encoding the sender
/// chose: form-urlencoded, multipart/form-data or a JSON object. Body values override query values.
public enum RequestBodyDecoding {
    /// Total: any bytes give parameters or `invalidParameters`, and the work is linear in their
    /// length, stopped as soon as `limits` are passed.
    public static func parameters(
        query: String?,
        contentType: String?,
        body: some Collection<UInt8>,
        limits: ParameterLimits = .standard
    ) throws(ProtocolError) -> PBXParameters {
        var parameters = try query.map { query throws(ProtocolError) in try FormURLEncoding.decode(query.utf8, limits: limits) }
            ?? PBXParameters()
        guard !body.isEmpty else { return parameters }
        let bodyLimits = limits.remaining(after: parameters.pairs.count)
        let mediaType = contentType.map(MediaTypeHeader.init) ?? MediaTypeHeader("")
        switch mediaType.type {
        case "application/x-www-form-urlencoded":
            parameters.merge(try FormURLEncoding.decode(body, limits: bodyLimits))
        case "multipart/form-data":
            guard let boundary = mediaType.parameter("boundary") else {
                throw .invalidParameters("multipart body without a boundary")
            }
            parameters.merge(try MultipartFormDecoding.decode(Array(body), boundary: boundary, limits: bodyLimits))
        case "application/json":
            parameters.merge(try JSONParameterDecoding.decode(Array(body), limits: bodyLimits))
        default:
            // No or a generic content type: sniff, as real senders are sloppy about the header.
            if body.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }) == UInt8(ascii: "{") {
                parameters.merge(try JSONParameterDecoding.decode(Array(body), limits: bodyLimits))
            } else {
                parameters.merge(try FormURLEncoding.decode(body, limits: bodyLimits))
            }
        }
        return parameters
    }
}

/// `multipart/form-data; boundary=xyz` split into its lower-cased type and its parameters.
///
/// Every PBX request passes through here, so the type is read byte by byte (HTTP media types are
/// ASCII tokens, separated by optional spaces and tabs) rather than with Foundation's trimming.
struct MediaTypeHeader {
    let type: String
    private let rawParameters: [Substring]

    init(_ header: String) {
        guard let separator = header.utf8.firstIndex(of: UInt8(ascii: ";")) else {
            type = Self.token(header[...])
            rawParameters = []
            return
        }
        type = Self.token(header[..<separator])
        rawParameters = header[header.index(after: separator)...].split(separator: ";")
    }

    func parameter(_ name: String) -> String? {
        for raw in rawParameters {
            let pair = raw.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, Self.token(pair[0]) == name else { continue }
            var value = Self.trimmed(pair[1])
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }

    /// Trimmed of spaces and tabs, ASCII letters lower-cased.
    static func token(_ text: Substring) -> String {
        let trimmed = trimmed(text).utf8
        guard trimmed.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return String(Substring(trimmed)) }
        return String(decoding: trimmed.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
    }

    static func trimmed(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) }) else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }
}
