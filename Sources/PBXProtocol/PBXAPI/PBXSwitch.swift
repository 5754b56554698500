/// `on` / `off`: a `subscribeOnCalls` status, a `set_dnd` state. Read as public clients send it —
/// `on`/`off`, `true`/`false`, `1`/`0`, `yes`/`no`, any case — and always written `on` or `off`.
public enum PBXSwitch: String, Sendable, Codable, CaseIterable {
    case on, off

    public init?(wire: String) {
        switch wire.trimmingWhitespace.lowercased() {
        case "on", "true", "1", "yes": self = .on
        case "off", "false", "0", "no": self = .off
        default: return nil
        }
    }

    public init(_ isOn: Bool) {
        self = isOn ? .on : .off
    }

    public var isOn: Bool { self == .on }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self.init(flag)
        } else if let value = PBXSwitch(wire: try container.decode(String.self)) {
            self = value
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "neither on nor off")
        }
    }

    static func required(_ name: String, in parameters: PBXParameters) throws(ProtocolError) -> PBXSwitch {
        let text = try parameters.required(name)
        guard let value = PBXSwitch(wire: text) else { throw .invalidParameters("\(name) is neither on nor off: \(text)") }
        return value
    }
}
