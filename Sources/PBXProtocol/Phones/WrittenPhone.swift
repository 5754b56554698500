/// A phone as people write it into a CRM: a number, perhaps followed by an extension —
/// `8 (495) 000-11-22 доб. 123`, `+7 495 000 11 22 ext. 45`, `74950001122 x7`, `74950001122#7`.
///
/// The number is canonicalized like any other (`PhoneNumber`), so a call from `74950001122` finds
/// the contact; the extension is kept beside it, digits only. Text that is not a phone — letters
/// that are not an extension marker, too few or too many digits — does not parse.
public struct WrittenPhone: Sendable, Hashable {
    public var number: PhoneNumber
    /// The digits dialled once the number answers; nil when none was written.
    public var extensionNumber: String?

    public init(number: PhoneNumber, extensionNumber: String? = nil) {
        self.number = number
        self.extensionNumber = extensionNumber
    }

    /// Markers of an extension, lower-cased, each optionally followed by `.` or `:`. `х` is Cyrillic:
    /// on a Russian keyboard it is the `x` key.
    static let extensionMarkers = ["доб", "доп", "ext", "x", "х", "#"]
    static let separators: Set<Character> = [" ", "\t", "-", "(", ")", ".", "/"]
    static let digitCount = 3...15
    static let extensionDigitCount = 1...8

    /// nil when `text` is not a phone.
    public init?(parsing text: String, defaultCountry: CountryCode = .russia) {
        let trimmed = text.trimmingWhitespace
        let split = trimmed.firstIndex { $0.isLetter || $0 == "#" } ?? trimmed.endIndex
        var main = trimmed[..<split].trimmingWhitespace
        // `8 (495) 000-11-22, доб. 123`
        if split < trimmed.endIndex, main.hasSuffix(",") { main = main.dropLast().trimmingWhitespace }
        var digits = 0
        for (offset, character) in main.enumerated() {
            if character.isASCIIDigit {
                digits += 1
            } else if !(Self.separators.contains(character) || character == "+" && offset == 0) {
                return nil
            }
        }
        guard Self.digitCount.contains(digits) else { return nil }
        var extensionNumber: String?
        if split < trimmed.endIndex {
            guard let digits = Self.extensionDigits(trimmed[split...]) else { return nil }
            extensionNumber = digits
        }
        self.init(number: PhoneNumber(main, defaultCountry: defaultCountry), extensionNumber: extensionNumber)
    }

    /// The digits after a marker (`доб. 123` → `123`), or nil when `text` is not a marker and digits.
    static func extensionDigits(_ text: Substring) -> String? {
        let lowered = text.lowercased()
        guard let marker = extensionMarkers.first(where: { lowered.hasPrefix($0) }) else { return nil }
        var rest = Substring(lowered.dropFirst(marker.count))
        if let first = rest.first, first == "." || first == ":" { rest = rest.dropFirst() }
        let digits = rest.trimmingWhitespace
        guard extensionDigitCount.contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return digits
    }
}
