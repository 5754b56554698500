import Foundation

/// Reads the parameters of a request from its query string and body, whatever encoding the sender
/// chose: form-urlencoded, multipart/form-data or a JSON object. Body values override query values.
public enum RequestBodyDecoding {
    public static func parameters(
        query: String?,
        contentType: String?,
        body: [UInt8]
    ) throws(ProtocolError) -> PBXParameters {
        var parameters = query.map { FormURLEncoding.decode($0) } ?? PBXParameters()
        guard !body.isEmpty else { return parameters }
        let mediaType = contentType.map(MediaTypeHeader.init) ?? MediaTypeHeader("")
        switch mediaType.type {
        case "application/x-www-form-urlencoded":
            parameters.merge(FormURLEncoding.decode(body))
        case "multipart/form-data":
            guard let boundary = mediaType.parameter("boundary") else {
                throw .invalidParameters("multipart body without a boundary")
            }
            parameters.merge(try MultipartFormDecoding.decode(body, boundary: boundary))
        case "application/json":
            parameters.merge(try JSONParameterDecoding.decode(body))
        default:
            // No or a generic content type: sniff, as real senders are sloppy about the header.
            if body.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }) == UInt8(ascii: "{") {
                parameters.merge(try JSONParameterDecoding.decode(body))
            } else {
                parameters.merge(FormURLEncoding.decode(body))
            }
        }
        return parameters
    }
}

/// `multipart/form-data; boundary=xyz` split into its lower-cased type and its parameters.
struct MediaTypeHeader {
    let type: String
    private let rawParameters: [Substring]

    init(_ header: String) {
        let parts = header.split(separator: ";")
        type = parts.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        rawParameters = Array(parts.dropFirst())
    }

    func parameter(_ name: String) -> String? {
        for raw in rawParameters {
            let pair = raw.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }
}

