/// A phone number in the one form MiniCRM stores and compares: E.164 with a `+` (`+79101234567`).
///
/// The PBX sends international digits without `+`; people type national and formatted forms
/// (`8 910 123-45-67`, `(910) 1234567`, `+7 (910) 123-45-67`). All of them become the same value. A
/// number that cannot be made canonical (an extension like `101`, `anonymous`) is kept as typed,
/// trimmed, and matches only itself.
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `+79101234567`, or the trimmed input when `isCanonical` is false.
    public let value: String
    public let isCanonical: Bool

    public init(_ raw: String, defaultCountry: CountryCode = .russia) {
        let trimmed = raw.trimmingWhitespace
        if let digits = Self.canonicalDigits(trimmed, defaultCountry: defaultCountry) {
            value = "+" + digits
            isCanonical = true
        } else {
            value = trimmed
            isCanonical = false
        }
    }

    /// A value read back from storage, already in its stored form.
    public init(stored: String) {
        value = stored
        isCanonical = stored.hasPrefix("+") && stored.utf8.dropFirst().allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Digits only, international: what `makeCall` wants (`79101234567`).
    public var dialString: String {
        isCanonical ? String(value.dropFirst()) : String(value.filter(\.isASCIIDigit))
    }

    /// The canonical digits as one integer, for compact in-memory indexes; nil when not canonical.
    public var numericKey: UInt64? {
        isCanonical ? UInt64(value.utf8.dropFirst().reduce(0) { $0 * 10 + UInt64($1 - 48) }) : nil
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        self.init(stored: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    static func canonicalDigits(_ text: String, defaultCountry: CountryCode) -> String? {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var hasPlus = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(byte)
            case UInt8(ascii: "+") where digits.isEmpty && !hasPlus: hasPlus = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "."),
                UInt8(ascii: "/"), UInt8(ascii: "\t"):
                continue
            default:
                return nil  // letters, `#`, `*`, extensions: not a plain number
            }
        }
        var international: ArraySlice<UInt8>
        if hasPlus {
            international = digits[...]
        } else if digits.starts(with: [48, 48]) {
            international = digits.dropFirst(2)  // 00 49 30 …: the international call prefix
        } else {
            international = defaultCountry.internationalize(digits[...])
        }
        guard (8...15).contains(international.count), international.first != UInt8(ascii: "0") else { return nil }
        if hasPlus, defaultCountry == .russia, international.count == 11, international.first == UInt8(ascii: "8") {
            // `+8 910 …` is a common typo for `+7 910 …`.
            international = [UInt8(ascii: "7")] + international.dropFirst()
        }
        return String(decoding: international, as: UTF8.self)
    }
}

/// The calling code assumed for numbers written without one (`7` for Russia and Kazakhstan).
public struct CountryCode: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let digits: String

    public init?(_ digits: String) {
        guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), !digits.hasPrefix("0") else { return nil }
        self.digits = digits
    }

    public init(stringLiteral value: String) {
        self.digits = value
    }

    public static let russia: CountryCode = "7"

    public var description: String { digits }

    /// The length of a national significant number, where the plan is closed and known.
    var nationalLength: Int? {
        switch digits {
        case "7", "1": 10
        default: nil
        }
    }

    /// The trunk prefix dialled before a national number: `8` in Russia, `0` in most of the world.
    var trunkPrefix: UInt8? {
        switch digits {
        case "7": UInt8(ascii: "8")
        case "1": nil
        default: UInt8(ascii: "0")
        }
    }

    func internationalize(_ digits: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let code = Array(self.digits.utf8)
        if let nationalLength {
            if digits.count == nationalLength { return ArraySlice(code + digits) }
            if digits.count == nationalLength + 1, let trunkPrefix, digits.first == trunkPrefix {
                return ArraySlice(code + digits.dropFirst())
            }
            return digits  // already international, without the `+`
        }
        if let trunkPrefix, digits.first == trunkPrefix { return ArraySlice(code + digits.dropFirst()) }
        return digits
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
