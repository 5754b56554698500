/// Text made safe for XML 1.0: markup characters escaped, and the characters XML cannot carry at
/// all (most control characters, U+FFFE, U+FFFF) written as visible `\u{1B}` escapes instead, so a
/// reason quoting a CRM's raw answer still parses.
enum XMLEscaping {
    /// Element content.
    static func text(_ value: String) -> String {
        escape(value, inAttribute: false)
    }

    /// A double-quoted attribute value; tabs and line breaks are kept as character references,
    /// which attribute normalization would otherwise turn into spaces.
    static func attribute(_ value: String) -> String {
        escape(value, inAttribute: true)
    }

    private static func escape(_ value: String, inAttribute: Bool) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"" where inAttribute: escaped += "&quot;"
            case "\r": escaped += "&#13;"
            case "\n" where inAttribute: escaped += "&#10;"
            case "\t" where inAttribute: escaped += "&#9;"
            case "\n", "\t": escaped.unicodeScalars.append(scalar)
            default:
                if isAllowed(scalar) {
                    escaped.unicodeScalars.append(scalar)
                } else {
                    escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                }
            }
        }
        return escaped
    }

    /// XML 1.0's `Char` production, less the whitespace handled above.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
