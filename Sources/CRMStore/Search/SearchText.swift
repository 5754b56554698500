import PBXProtocol

/// What contact search matches: case- and `ё`-folded text, and phones in every form people type.
package enum SearchText {
    static func fold(_ text: String) -> String {
        let lowered = text.lowercased()
        // `ё` → `е`, without Foundation's string search (this runs for every contact written).
        guard lowered.unicodeScalars.contains("ё") else { return lowered }
        var folded = String.UnicodeScalarView()
        for scalar in lowered.unicodeScalars { folded.append(scalar == "ё" ? "е" : scalar) }
        return String(folded)
    }

    /// `+79101234567` is found as `79101234567`, `89101234567` and any fragment of them, so
    /// `8 910 123`, `(910) 123-45` and `+7 910` all match it.
    static func phoneForms(_ phone: PhoneNumber, defaultCountry: CountryCode) -> [String] {
        let digits = phone.dialString
        guard phone.isCanonical else { return digits.isEmpty ? [fold(phone.value)] : [digits] }
        var forms = [digits]
        if defaultCountry == .russia, digits.hasPrefix("7") {
            forms.append("8" + digits.dropFirst())
        }
        return forms
    }

    package static func document(name: String, company: String, phones: [PhoneNumber], defaultCountry: CountryCode) -> String {
        ([fold(name), fold(company)] + phones.flatMap { phoneForms($0, defaultCountry: defaultCountry) })
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// The query as search_text holds it: digits only when it reads as a phone fragment.
    static func normalizeQuery(_ query: String) -> String {
        let trimmed = query.trimmingWhitespace
        let phoneCharacters = Set("0123456789+-() .")
        if trimmed.contains(where: \.isNumber), trimmed.allSatisfy({ phoneCharacters.contains($0) }) {
            return trimmed.filter(\.isNumber)
        }
        return fold(trimmed)
    }
}
