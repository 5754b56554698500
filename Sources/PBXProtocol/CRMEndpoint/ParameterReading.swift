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

    /// The parameters a command does not define, kept so that later protocol fields are stored:
    /// at most `maxExtras` of them and `maxExtrasBytes` of names and values together, in the order
    /// sent (a repeated name keeps its last value). A repeat of a command replaces what the
    /// earlier one kept, so a call's extras never grow past this.
    public func extras(excluding known: Set<String>) -> [String: String] {
        var result: [String: String] = [:]
        var bytes = 0
        for pair in pairs where !known.contains(pair.name) && !PBXParameters.secretNames.contains(pair.name) {
            let replaced = result[pair.name].map { pair.name.utf8.count + $0.utf8.count } ?? 0
            let size = pair.name.utf8.count + pair.value.utf8.count
            guard replaced > 0 || result.count < Self.maxExtras, bytes - replaced + size <= Self.maxExtrasBytes else { continue }
            result[pair.name] = pair.value
            bytes += size - replaced
        }
        return result
    }

    public static let maxExtras = 32
    public static let maxExtrasBytes = 4096

    /// A NUL byte cannot be stored as text without cutting it short (`N%00one` and `N%00two` would
    /// both be `N`): a request carrying one is refused. Other control characters are kept intact.
    public func checkNoNUL() throws(ProtocolError) {
        for pair in pairs where pair.name.utf8.contains(0) || pair.value.utf8.contains(0) {
            throw .invalidParameters("a NUL byte in \(pair.name.utf8.contains(0) ? "a parameter name" : pair.name)")
        }
    }
}
