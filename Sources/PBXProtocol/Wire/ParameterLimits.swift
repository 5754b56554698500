/// How much one request may carry: checked while its parameters are decoded, before anything else
/// (the token included) is looked at, so that a request no PBX would send costs no more than
/// reading it. A PBX sends at most a few dozen short names; past these limits a request is
/// `exceedsLimits` (400), whatever the token.
public struct ParameterLimits: Sendable, Equatable {
    /// Parameters in the query string and the body together.
    public var maxCount: Int
    /// Bytes of one parameter name.
    public var maxNameBytes: Int

    public init(maxCount: Int, maxNameBytes: Int) {
        self.maxCount = maxCount
        self.maxNameBytes = maxNameBytes
    }

    public static let standard = ParameterLimits(maxCount: 256, maxNameBytes: 256)
    /// For text that is bounded already, or trusted.
    public static let unlimited = ParameterLimits(maxCount: .max, maxNameBytes: .max)

    /// What is left for the body once the query string took `used` parameters.
    func remaining(after used: Int) -> ParameterLimits {
        ParameterLimits(maxCount: max(0, maxCount - used), maxNameBytes: maxNameBytes)
    }

    /// Throws once a request has more parameters than allowed, or a name longer than allowed.
    func check(count: Int, nameBytes: Int) throws(ProtocolError) {
        if count > maxCount { throw .exceedsLimits("more than \(maxCount) parameters") }
        if nameBytes > maxNameBytes { throw .exceedsLimits("a parameter name longer than \(maxNameBytes) bytes") }
    }
}
