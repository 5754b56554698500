/// The flat name → value parameters of one protocol request, in the order they were sent.
///
/// Every request of the protocol, in either direction, is such a map: the PBX posts it to the CRM's
/// single URL and the CRM posts it to `api_login.wcgp` / `crm_api.wcgp`. Later values of a repeated
/// name win, so body parameters override those of the query string.
public struct PBXParameters: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Pair: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var pairs: [Pair]

    public init(_ pairs: [Pair] = []) {
        self.pairs = pairs
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.pairs = elements.map { Pair($0.0, $0.1) }
    }

    public subscript(name: String) -> String? {
        get {
            // Requests carry a handful of parameters: a backwards scan beats hashing.
            pairs.last(where: { $0.name == name })?.value
        }
        set {
            pairs.removeAll { $0.name == name }
            if let newValue { pairs.append(Pair(name, newValue)) }
        }
    }

    public mutating func append(_ name: String, _ value: String) {
        pairs.append(Pair(name, value))
    }

    public mutating func merge(_ other: PBXParameters) {
        pairs.append(contentsOf: other.pairs)
    }

    public var isEmpty: Bool { pairs.isEmpty }

    public func makeIterator() -> IndexingIterator<[Pair]> { pairs.makeIterator() }

    /// The parameters as a dictionary, last value winning; `redacting` names are replaced by `***`.
    public func dictionary(redacting secrets: Set<String> = PBXParameters.secretNames) -> [String: String] {
        var result: [String: String] = [:]
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            result[pair.name] = secrets.contains(pair.name) ? "***" : pair.value
        }
        return result
    }

    /// Parameters that are secrets in either direction and never journaled or logged.
    public static let secretNames: Set<String> = ["crm_token", "token", "password"]
}
