/// Names in one byte a character where they can be: ASCII as itself, the Russian alphabet (and
/// `«»–—№`) in the bytes above it, like the old single-byte Cyrillic code pages. A Russian name
/// takes half its UTF-8 size, which for a million contacts is some twenty megabytes. A name with
/// any other character stays UTF-8.
enum CompactName {
    /// Appends `name`, compact when possible; returns whether it is.
    static func append(_ name: String, to output: inout [UInt8]) -> Bool {
        let start = output.count
        for scalar in name.unicodeScalars {
            guard let byte = byte(for: scalar.value) else {
                output.removeSubrange(start...)
                output.append(contentsOf: name.utf8)
                return false
            }
            output.append(byte)
        }
        return true
    }

    static func byte(for scalar: UInt32) -> UInt8? {
        switch scalar {
        case 0..<0x80: UInt8(scalar)
        case 0x410...0x44F: UInt8(0x80 + scalar - 0x410)
        case 0x401: 0xC0  // Ё
        case 0x451: 0xC1  // ё
        case 0xAB: 0xC2  // «
        case 0xBB: 0xC3  // »
        case 0x2013: 0xC4  // –
        case 0x2014: 0xC5  // —
        case 0x2116: 0xC6  // №
        default: nil
        }
    }

    static func scalar(for byte: UInt8) -> UInt32 {
        switch byte {
        case 0..<0x80: UInt32(byte)
        case 0x80...0xBF: 0x410 + UInt32(byte - 0x80)
        case 0xC0: 0x401
        case 0xC1: 0x451
        case 0xC2: 0xAB
        case 0xC3: 0xBB
        case 0xC4: 0x2013
        case 0xC5: 0x2014
        default: 0x2116
        }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 3) { buffer in
            var count = 0
            for byte in bytes {
                let scalar = scalar(for: byte)
                if scalar < 0x80 {
                    buffer[count] = UInt8(scalar)
                    count += 1
                } else if scalar < 0x800 {
                    buffer[count] = UInt8(0xC0 | scalar >> 6)
                    buffer[count + 1] = UInt8(0x80 | scalar & 0x3F)
                    count += 2
                } else {
                    buffer[count] = UInt8(0xE0 | scalar >> 12)
                    buffer[count + 1] = UInt8(0x80 | (scalar >> 6) & 0x3F)
                    buffer[count + 2] = UInt8(0x80 | scalar & 0x3F)
                    count += 3
                }
            }
            return count
        }
    }
}

