/// Reading typed values out of request parameters, with the protocol's one error for every problem.
extension PBXParameters {
    /// A present, non-empty value.
    public func required(_ name: String) throws(ProtocolError) -> String {
        guard let value = self[name]?.trimmingWhitespace, !value.isEmpty else {
            throw .invalidParameters("missing \(name)")
        }
        return value
    }

    /// A value that must be sent but may be empty (`phone` of a caller who hid the number).
    public func present(_ name: String) throws(ProtocolError) -> String {
        guard let value = self[name] else { throw .invalidParameters("missing \(name)") }
        return value.trimmingWhitespace
    }

    /// An optional value; empty counts as absent.
    public func optional(_ name: String) -> String? {
        guard let value = self[name]?.trimmingWhitespace, !value.isEmpty else { return nil }
        return value
    }

    /// A whole number of at least zero; `12.0` is accepted, `-1` and `abc` are not.
    public func count(_ name: String, required isRequired: Bool) throws(ProtocolError) -> Int? {
        guard let text = isRequired ? try required(name) : optional(name) else { return nil }
        if let value = Int(text), value >= 0 { return value }
        if let value = Double(text), value >= 0, value < Double(Int32.max), value.rounded() == value { return Int(value) }
        throw .invalidParameters("\(name) is not a whole number: \(text)")
    }

    /// The parameters a command does not define, kept so that later protocol fields are stored.
    public func extras(excluding known: Set<String>) -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs where !known.contains(pair.name) && !PBXParameters.secretNames.contains(pair.name) {
            result[pair.name] = pair.value
        }
        return result
    }
}
