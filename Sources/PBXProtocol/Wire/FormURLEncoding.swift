/// `application/x-www-form-urlencoded`, both ways.
///
/// Encoding percent-encodes every byte outside `A-Z a-z 0-9 - . _ ~`: a `+` in a phone number or a
/// token must reach the other side as `%2B`, because every decoder reads a raw `+` as a space.
public enum FormURLEncoding {
    public static func encode(_ parameters: PBXParameters) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(parameters.pairs.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 } * 2)
        for (index, pair) in parameters.pairs.enumerated() {
            if index > 0 { output.append(UInt8(ascii: "&")) }
            appendEscaped(pair.name, to: &output)
            output.append(UInt8(ascii: "="))
            appendEscaped(pair.value, to: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// One value, escaped as `encode` escapes it.
    public static func escape(_ string: String) -> String {
        var output: [UInt8] = []
        appendEscaped(string, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `a=1&b=2`; also accepts the newline-separated `key=value` lines of the spec's examples.
    public static func decode(_ bytes: some Collection<UInt8>) -> PBXParameters {
        // Without limits nothing throws.
        (try? decode(bytes, limits: .unlimited)) ?? PBXParameters()
    }

    /// Decodes as `decode(_:)` does, refusing more parameters or longer names than `limits` allow
    /// as soon as it meets them.
    public static func decode(_ bytes: some Collection<UInt8>, limits: ParameterLimits) throws(ProtocolError) -> PBXParameters {
        let decoded: Result<PBXParameters, ProtocolError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(ProtocolError) in try decode(buffer: buffer, limits: limits) }
        }
        if let decoded { return try decoded.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(ProtocolError) in try decode(buffer: buffer, limits: limits) }
    }

    /// Every PBX request passes through here: fields are sliced out of the body, not copied byte by byte.
    private static func decode(buffer: UnsafeBufferPointer<UInt8>, limits: ParameterLimits) throws(ProtocolError) -> PBXParameters {
        var pairs: [PBXParameters.Pair] = []
        pairs.reserveCapacity(8)
        func field(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) throws(ProtocolError) {
            // A `\r` (of `\r\n` line ends) is dropped wherever it is.
            if bytes.contains(UInt8(ascii: "\r")) {
                let cleaned = bytes.filter { $0 != UInt8(ascii: "\r") }
                try cleaned.withUnsafeBufferPointer { buffer throws(ProtocolError) in try field(buffer[...]) }
                return
            }
            guard !bytes.isEmpty else { return }
            let equals = bytes.firstIndex(of: UInt8(ascii: "=")) ?? bytes.endIndex
            guard equals > bytes.startIndex else { return }
            try limits.check(count: pairs.count + 1, nameBytes: equals - bytes.startIndex)
            let value = equals < bytes.endIndex ? unescape(bytes[(equals + 1)...]) : ""
            pairs.append(PBXParameters.Pair(unescape(bytes[..<equals]), value))
        }
        var start = buffer.startIndex
        for index in buffer.indices where buffer[index] == UInt8(ascii: "&") || buffer[index] == UInt8(ascii: "\n") {
            try field(buffer[start..<index])
            start = index + 1
        }
        try field(buffer[start...])
        return PBXParameters(pairs)
    }

    public static func decode(_ string: String) -> PBXParameters {
        decode(Array(string.utf8))
    }

    private static func appendEscaped(_ string: String, to output: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        for byte in string.utf8 {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func unescape(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 2
            } else {
                // A stray `%` is kept as written rather than failing the whole request.
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
