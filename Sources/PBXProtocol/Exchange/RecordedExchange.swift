import Foundation

/// One request a PBX sent and what the CRM answered: a line of a replay file (NDJSON, one object a
/// line), and what MiniCRM's journal export (`GET /api/journal/export`) writes for each request it
/// answered — one type for both, so the two cannot drift apart:
///
///     {"time":"2026-12-01T08:15:02Z","params":{"cmd":"contact","phone":"79161234567","callid":"C1","crm_token":"***"},
///      "status":200,"answer":{"contact_name":"…"}}
///
/// - `time`: when the CRM received it, ISO 8601 in UTC, fractions of a second allowed. Replay keeps
///   the spacing between times; an exchange without one follows the previous at once.
/// - `params`: the request's parameters, as sent. `crm_token` is redacted as `***` and replaced by
///   the replay's own token when sent.
/// - `status`: the HTTP status the CRM answered; 200 when absent.
/// - `answer`: the body the CRM answered, as JSON (a body that was not JSON, as a JSON string);
///   when absent, only the status is compared.
public struct RecordedExchange: Sendable, Equatable, Codable {
    public var time: Date?
    public var params: [String: String]
    public var status: Int
    public var answer: JSONValue?

    public init(time: Date? = nil, params: [String: String], status: Int = 200, answer: JSONValue? = nil) {
        self.time = time
        self.params = params
        self.status = status
        self.answer = answer
    }

    enum CodingKeys: String, CodingKey {
        case time, params, status, answer
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .time) {
            guard let time = Self.parseTime(text) else {
                throw DecodingError.dataCorruptedError(forKey: .time, in: container, debugDescription: "not ISO 8601: \(text)")
            }
            self.time = time
        }
        params = try container.decode([String: String].self, forKey: .params)
        status = try container.decodeIfPresent(Int.self, forKey: .status) ?? 200
        answer = try container.decodeIfPresent(JSONValue.self, forKey: .answer)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(time.map(Self.formatTime), forKey: .time)
        try container.encode(params, forKey: .params)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(answer, forKey: .answer)
    }

    /// The token's stand-in in `params`.
    public static let redacted = "***"

    static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        return formatter.date(from: text)
    }

    static func formatTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        if date.timeIntervalSince1970.rounded(.down) != date.timeIntervalSince1970 { formatter.formatOptions.insert(.withFractionalSeconds) }
        return formatter.string(from: date)
    }
}
