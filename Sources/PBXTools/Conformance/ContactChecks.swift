import PBXProtocol

extension ConformanceCheck {
    static let unknownContact = ConformanceCheck(id: "contact.unknown", title: "contact for an unknown number → exactly {}") { context in
        var findings = Findings()
        let phone = context.nextUnknownPhone()
        guard let exchange = await context.probe(context.contact(phone: phone), phone, into: &findings) else {
            return findings.result(passing: "")
        }
        guard exchange.status == 200 else { return .fail("\(phone): \(Expect.describe(exchange))") }
        switch JSONBody(exchange.body) {
        case .object(let object)? where object.isEmpty: return .pass("{} for \(phone)")
        case let body?: return .fail("\(phone): \(body.kind) instead of {}")
        case nil: return .fail("\(phone): not JSON: \(Expect.excerpt(exchange.bodyText))")
        }
    }

    static let knownContact = ConformanceCheck(
        id: "contact.known", title: "contact finds the known caller in every phone format, with the same answer"
    ) { context in
        guard let knownPhone = context.options.knownPhone else { return .notVerifiable("not verifiable: give --known-phone") }
        var findings = Findings()
        var answers: [String: [String: String]] = [:]
        let formats = PhoneFormats.variants(of: knownPhone)
        for phone in formats {
            guard let exchange = await context.probe(context.contact(phone: phone), phone, into: &findings) else { continue }
            guard exchange.status == 200 else {
                findings.fail("\(phone): \(Expect.describe(exchange))")
                continue
            }
            guard case .object(let object)? = JSONBody(exchange.body) else {
                findings.fail("\(phone): not a JSON object: \(Expect.excerpt(exchange.bodyText))")
                continue
            }
            guard let name = object["contact_name"] as? String, !name.isEmpty else {
                findings.fail("\(phone): not found (\(JSONBody.object(object).kind))")
                continue
            }
            if let expected = context.options.knownName, name != expected {
                findings.fail("\(phone): contact_name \(name), expected \(expected)")
            }
            switch object["responsible"] {
            case nil: break
            case let responsible as String where responsible.isEmpty: findings.warn("\(phone): responsible is empty, leave it out instead")
            case is String: break
            default: findings.fail("\(phone): responsible is not a string")
            }
            answers[phone] = object.compactMapValues { $0 as? String }
        }
        if Set(answers.values).count > 1 {
            findings.fail(
                "different answers: "
                    + formats.compactMap { phone in answers[phone].map { "\(phone) → \($0["contact_name"] ?? "?")" } }.joined(
                        separator: ", "))
        }
        let shown =
            answers.values.first.map { answer in
                (answer["contact_name"] ?? "") + (answer["responsible"].map { ", responsible \($0)" } ?? "")
            } ?? ""
        return findings.result(passing: "\(formats.count) formats → \(shown)")
    }
}

/// The forms one number arrives in: from the PBX, and from people who typed it into a CRM.
enum PhoneFormats {
    /// `79161234567`, `89161234567`, `9161234567`, `+7 (916) 123-45-67` for a Russian number;
    /// international digits with and without `+` for any other.
    static func variants(of raw: String) -> [String] {
        let digits = PhoneNumber(raw).dialString
        guard digits.count == 11, digits.hasPrefix("7") else { return digits.isEmpty ? [raw] : [digits, "+" + digits] }
        let national = Array(digits.dropFirst())
        let formatted = "+7 (\(String(national[0..<3]))) \(String(national[3..<6]))-\(String(national[6..<8]))-\(String(national[8..<10]))"
        return [digits, "8" + String(national), String(national), formatted]
    }
}
