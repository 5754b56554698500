/// `multipart/form-data` bodies (RFC 7578), which some PBX deployments send instead of a
/// form-encoded one.
///
/// Read here rather than by a general MIME library: a PBX sends a handful of short text fields, and
/// this reader is total — any byte sequence yields parameters or `invalidParameters`, never a trap.
/// (MultipartKit 4.7.1 read past the end of a lookup table on a header name byte ≥ 0x80 and killed
/// the process; header names here must be RFC 7230 tokens.)
public enum MultipartFormDecoding {
    /// The named parts of the body, in order; a part without a name is skipped.
    public static func decode(
        _ bytes: [UInt8], boundary: String, limits: ParameterLimits = .standard
    ) throws(ProtocolError) -> PBXParameters {
        let delimiter = Array("--\(boundary)".utf8)
        guard (3...72).contains(delimiter.count), !delimiter.contains(where: { $0 == CR || $0 == LF }) else {
            throw .invalidParameters("multipart boundary of an unusable length or form")
        }
        var reader = Reader(bytes: bytes)
        guard reader.skipPreamble(to: delimiter) else { throw .invalidParameters("multipart body without its boundary") }
        var parameters = PBXParameters()
        while true {
            // After a delimiter: `--` closes the body, otherwise a line break opens a part.
            if reader.take(Array("--".utf8)) { return parameters }
            reader.skipTransportPadding()
            guard reader.takeLineBreak() else { throw .invalidParameters("malformed multipart delimiter line") }
            let name = try reader.partHeaders()
            guard let body = reader.body(until: [CR, LF] + delimiter) else {
                throw .invalidParameters("multipart part without a closing boundary")
            }
            if let name {
                try limits.check(count: parameters.pairs.count + 1, nameBytes: name.utf8.count)
                parameters.append(name, String(decoding: body, as: UTF8.self))
            }
        }
    }

    static let CR = UInt8(ascii: "\r")
    static let LF = UInt8(ascii: "\n")

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        /// Moves past the first delimiter that starts a line; false when there is none.
        mutating func skipPreamble(to delimiter: [UInt8]) -> Bool {
            var start = 0
            while let found = Self.firstIndex(of: delimiter, in: bytes, from: start) {
                if found == 0 || (found >= 2 && bytes[found - 2] == CR && bytes[found - 1] == LF) {
                    index = found + delimiter.count
                    return true
                }
                start = found + 1
            }
            return false
        }

        mutating func take(_ expected: [UInt8]) -> Bool {
            guard bytes.count - index >= expected.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
                return false
            }
            index += expected.count
            return true
        }

        /// CRLF, or a bare LF from a sloppy sender.
        mutating func takeLineBreak() -> Bool {
            take([CR, LF]) || take([LF])
        }

        mutating func skipTransportPadding() {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        }

        /// Reads a part's header lines up to the blank line; returns the `name` of its Content-Disposition.
        mutating func partHeaders() throws(ProtocolError) -> String? {
            var name: String?
            for _ in 0..<Self.maximumHeaders {
                guard let line = line() else { throw .invalidParameters("multipart headers without an end") }
                if line.isEmpty { return name }
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                    line[..<colon].allSatisfy(HTTPToken.isTokenByte)
                else {
                    throw .invalidParameters("malformed multipart header")
                }
                if HTTPToken.lowercased(line[..<colon]) == "content-disposition" {
                    name = ContentDisposition.name(String(decoding: line[(colon + 1)...], as: UTF8.self))
                }
            }
            throw .invalidParameters("too many multipart headers")
        }

        /// A part has a few headers; a stream of them is not a PBX.
        static let maximumHeaders = 32

        /// The bytes up to the next line break, which is consumed.
        mutating func line() -> ArraySlice<UInt8>? {
            guard let end = bytes[index...].firstIndex(of: LF) else { return nil }
            let lineEnd = end > index && bytes[end - 1] == CR ? end - 1 : end
            defer { index = end + 1 }
            return bytes[index..<lineEnd]
        }

        /// The bytes up to `terminator`, which is consumed; nil when it never comes.
        mutating func body(until terminator: [UInt8]) -> ArraySlice<UInt8>? {
            guard let found = Self.firstIndex(of: terminator, in: bytes, from: index) else { return nil }
            defer { index = found + terminator.count }
            return bytes[index..<found]
        }

        /// Where `needle` first occurs in `haystack` at or after `from`.
        static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
            guard let first = needle.first, haystack.count >= needle.count else { return nil }
            var candidate = from
            let last = haystack.count - needle.count
            while candidate <= last {
                guard let found = haystack[candidate...last].firstIndex(of: first) else { return nil }
                if haystack[found..<found + needle.count].elementsEqual(needle) { return found }
                candidate = found + 1
            }
            return nil
        }
    }
}

/// `form-data; name="phone"; filename="x.txt"` → `phone`.
enum ContentDisposition {
    static func name(_ header: String) -> String? {
        var rest = Substring(header)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop(while: { $0 == " " || $0 == "\t" })
            guard rest.lowercased().hasPrefix("name=") else { continue }
            let value = rest.dropFirst("name=".count)
            guard value.first == "\"" else { return String(value.prefix(while: { $0 != ";" }).trimmingWhitespace) }
            // A quoted string: `\"` and `\\` stand for themselves.
            var name = ""
            var escaped = false
            for character in value.dropFirst() {
                if escaped {
                    name.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    return name
                } else {
                    name.append(character)
                }
            }
            return nil
        }
        return nil
    }
}

/// RFC 7230 tokens: header names, media types.
enum HTTPToken {
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    static func lowercased(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
