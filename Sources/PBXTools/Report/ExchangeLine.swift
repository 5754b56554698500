import PBXProtocol

/// One request and its answer on one line, for `minicrm simulate` and the demo's console:
///
///     +   5.031s  event ACCEPTED     sim-k3f9-1  user=ivanov phone=79161234567   200    1.2 ms  {}
public enum ExchangeLine {
    /// The longest body excerpt shown.
    public static let bodyExcerptLength = 72

    public static func format(_ outcome: StepOutcome) -> String {
        let offset = "+" + String(format: "%8.3fs", outcome.sentAt.inSeconds)
        let label = commandLabel(outcome.step.request).padding(toWidth: 20)
        let callid = outcome.callid.padding(toWidth: 14)
        let parameters = keyParameters(outcome.step.request).padding(toWidth: 52)
        let answer: String
        if let exchange = outcome.exchange {
            let status = String(exchange.status).padding(toWidth: 4)
            let latency = exchange.latency.formattedMilliseconds.leftPadding(toWidth: 8)
            answer = "\(status) \(latency)  \(excerpt(exchange.bodyText))"
        } else {
            answer = "ERR  no answer: \(outcome.error ?? "unknown error")"
        }
        return "\(offset)  \(label) \(callid) \(parameters) \(answer)"
    }

    /// `contact`, `event INCOMING`, `history in Success`, `rating 5`.
    public static func commandLabel(_ request: CRMRequest) -> String {
        switch request {
        case .users: "users"
        case .contact: "contact"
        case .event(let event): "event \(event.type.rawValue)"
        case .history(let history): "history \(history.direction.rawValue) \(history.status?.wireName ?? "-")"
        case .rating(let rating): "rating \(rating.rating)"
        }
    }

    /// The parameters a reader follows a call by.
    public static func keyParameters(_ request: CRMRequest) -> String {
        var parts: [String] = []
        switch request {
        case .users: break
        case .contact(let contact):
            parts.append("phone=\(contact.phone.dialString)")
            if let diversion = contact.diversion { parts.append("diversion=\(diversion)") }
        case .event(let event):
            parts.append("user=\(event.user)")
            parts.append("phone=\(event.phone.dialString)")
            if let second = event.secondCallid { parts.append("second_callid=\(second)") }
        case .history(let history):
            parts.append("user=\(history.user)")
            parts.append("phone=\(history.phone.dialString)")
            parts.append("duration=\(history.duration)")
            if !history.links.isEmpty { parts.append("link") }
        case .rating(let rating):
            if let user = rating.user { parts.append("user=\(user)") }
        }
        return parts.joined(separator: " ")
    }

    static func excerpt(_ body: String) -> String {
        TextTable.clip(body.isEmpty ? "(empty body)" : body, to: bodyExcerptLength)
    }
}
