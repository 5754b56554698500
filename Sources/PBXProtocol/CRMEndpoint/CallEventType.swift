/// `type` of an `event`: the live state of one call leg.
public enum CallEventType: String, Sendable, Codable, CaseIterable {
    /// A manager's phone starts ringing: show the pop-up.
    case incoming = "INCOMING"
    /// The manager picked up.
    case accepted = "ACCEPTED"
    /// The call ended after a conversation.
    case completed = "COMPLETED"
    /// The caller hung up first, or another manager of the ring group answered.
    case cancelled = "CANCELLED"
    /// Later versions: an outgoing call started.
    case outgoing = "OUTGOING"
    /// Later versions: the call moved to another manager.
    case transferred = "TRANSFERRED"

    /// Case-insensitive, as PBX versions differ in how they spell it.
    public init?(wire: String) {
        self.init(rawValue: wire.uppercased())
    }
}

/// `type` of a `history`, `direction` of a later-version `event`.
public enum CallDirection: String, Sendable, Codable, CaseIterable {
    case incoming = "in"
    case outgoing = "out"

    public init?(wire: String) {
        self.init(rawValue: wire.lowercased())
    }
}

/// `status` of a `history`, stored lower-cased (`Success` → `success`; `missed` arrives lower-case).
/// Statuses this list does not know are kept, never rejected.
public struct CallStatus: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue.lowercased()
    }

    public static let success = CallStatus(rawValue: "success")
    public static let missed = CallStatus(rawValue: "missed")
    public static let cancel = CallStatus(rawValue: "cancel")
    /// Outgoing only, like the three after it.
    public static let busy = CallStatus(rawValue: "busy")
    public static let notAvailable = CallStatus(rawValue: "notavailable")
    public static let notAllowed = CallStatus(rawValue: "notallowed")
    public static let notFound = CallStatus(rawValue: "notfound")

    /// The spelling the PBX uses on the wire.
    public var wireName: String {
        switch self {
        case .success: "Success"
        case .missed: "missed"
        case .cancel: "Cancel"
        case .busy: "Busy"
        case .notAvailable: "NotAvailable"
        case .notAllowed: "NotAllowed"
        case .notFound: "NotFound"
        default: rawValue
        }
    }

    /// Whether the other side was never reached.
    public var isUnanswered: Bool { self != .success }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
