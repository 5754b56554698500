/// Hand-written JSON for the few flat shapes the hot paths produce and read back: strings, arrays of
/// strings, objects of strings. The bytes are exactly what `ProtocolJSON`'s encoder writes (sorted
/// keys, UTF-8, slashes and non-ASCII text unescaped), without building an encoder per call.
public enum JSONText {
    /// Appends `"value"`, escaped as JSONEncoder escapes it.
    public static func appendString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var value = value
        // A native string's bytes, in place: one tight scan, then one copy.
        value.withUTF8 { bytes in
            if bytes.contains(where: needsEscape) {
                for byte in bytes { appendEscaped(byte, to: &output) }
            } else {
                output.append(contentsOf: bytes)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `{"a":"1","b":"2"}` with the keys sorted, as the protocol's encoder writes objects; keys
    /// must be distinct.
    public static func object(_ members: [(key: String, value: String)]) -> [UInt8] {
        // `<` orders strings by their Unicode scalars, which for UTF-8 is the byte order the encoder sorts by.
        let sorted = members.sorted { $0.key < $1.key }
        var output: [UInt8] = []
        var capacity = 2
        for member in sorted { capacity += member.key.utf8.count + member.value.utf8.count + 6 }
        output.reserveCapacity(capacity)
        output.append(UInt8(ascii: "{"))
        for (index, member) in sorted.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendString(member.key, to: &output)
            output.append(UInt8(ascii: ":"))
            appendString(member.value, to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    public static func object(_ dictionary: [String: String]) -> [UInt8] {
        object(dictionary.map { (key: $0.key, value: $0.value) })
    }

    /// `["a","b"]`.
    public static func array(_ strings: [String]) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "[")]
        for (index, string) in strings.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendString(string, to: &output)
        }
        output.append(UInt8(ascii: "]"))
        return output
    }

    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
        case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
        case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        case ..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            output += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        default: output.append(byte)
        }
    }

    // MARK: - Reading

    /// `["a","b"]`, or nil when the text is anything else (the caller falls back to a full decoder).
    public static func parseStringArray(_ text: some Collection<UInt8>) -> [String]? {
        var reader = Reader(Array(text))
        var strings: [String] = []
        guard reader.skipSpace(), reader.take(UInt8(ascii: "[")) else { return nil }
        if reader.skipSpace(), reader.take(UInt8(ascii: "]")) { return reader.atEnd ? strings : nil }
        while true {
            guard reader.skipSpace(), let string = reader.string() else { return nil }
            strings.append(string)
            guard reader.skipSpace() else { return nil }
            if reader.take(UInt8(ascii: ",")) { continue }
            guard reader.take(UInt8(ascii: "]")) else { return nil }
            return reader.atEnd ? strings : nil
        }
    }

    /// `{"a":"1"}`, or nil when the text is anything else.
    public static func parseStringObject(_ text: some Collection<UInt8>) -> [String: String]? {
        var reader = Reader(Array(text))
        var object: [String: String] = [:]
        guard reader.skipSpace(), reader.take(UInt8(ascii: "{")) else { return nil }
        if reader.skipSpace(), reader.take(UInt8(ascii: "}")) { return reader.atEnd ? object : nil }
        while true {
            guard reader.skipSpace(), let key = reader.string(), reader.skipSpace(), reader.take(UInt8(ascii: ":")),
                reader.skipSpace(), let value = reader.string()
            else { return nil }
            object[key] = value
            guard reader.skipSpace() else { return nil }
            if reader.take(UInt8(ascii: ",")) { continue }
            guard reader.take(UInt8(ascii: "}")) else { return nil }
            return reader.atEnd ? object : nil
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        var atEnd: Bool {
            mutating get {
                _ = skipSpace()
                return index == bytes.count
            }
        }

        /// Always true, so it chains in conditions.
        mutating func skipSpace() -> Bool {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            return true
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            // The common case: no escapes, one copy.
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                guard bytes[index] >= 0x20 else { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: bytes[start..<index - 1], as: UTF8.self)
            }
            var output = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: output, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
                    case UInt8(ascii: "b"): output.append(0x08)
                    case UInt8(ascii: "f"): output.append(0x0C)
                    case UInt8(ascii: "n"): output.append(0x0A)
                    case UInt8(ascii: "r"): output.append(0x0D)
                    case UInt8(ascii: "t"): output.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low)
                            else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { return nil }
                        output.append(contentsOf: String(Character(unicode)).utf8)
                    default: return nil
                    }
                case ..<0x20:
                    return nil
                default:
                    output.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[index..<index + 4] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }
    }
}
