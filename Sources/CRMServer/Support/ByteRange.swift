import PBXProtocol

/// One range of a `Range: bytes=…` request header (RFC 9110 §14.1.2), resolved against a resource's
/// size: what a recording or a static file answers `206` with — or `416` when it cannot be satisfied.
///
/// Only a single range is served; a header listing several is answered with the whole resource,
/// which the RFC allows. A first position too large for `Int` is unsatisfiable rather than a crash;
/// a last position or suffix that large reaches the end.
struct ByteRange: Equatable, Sendable {
    /// The first byte served.
    let start: Int
    /// The last byte served, inclusive.
    let end: Int

    var count: Int { end - start + 1 }

    /// `Content-Range: bytes 100-199/1000`.
    func contentRange(of size: Int) -> String { "bytes \(start)-\(end)/\(size)" }

    enum Parsed: Equatable, Sendable {
        /// No header, or one this server answers with the whole resource (several ranges, another unit).
        case whole
        case partial(ByteRange)
        /// `416` with `Content-Range: bytes */size`.
        case unsatisfiable
    }

    static func parse(_ header: String?, size: Int) -> Parsed {
        guard let header, header.hasPrefix("bytes=") else { return .whole }
        let spec = header.dropFirst("bytes=".count)
        guard !spec.contains(",") else { return .whole }
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(\.trimmingWhitespace)
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return .unsatisfiable }
        // A last position or a suffix beyond `Int` reaches the end anyway; a first position beyond it
        // is past the end (unsatisfiable below).
        let last = parts[1].isEmpty ? nil : Int(parts[1]) ?? Int.max
        switch (Int(parts[0]), last) {
        case (nil, let suffix?) where parts[0].isEmpty:
            // `bytes=-500`: the last 500 bytes.
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(ByteRange(start: max(0, size - suffix), end: size - 1))
        case (let first?, nil) where parts[1].isEmpty:
            guard first < size else { return .unsatisfiable }
            return .partial(ByteRange(start: first, end: size - 1))
        case (let first?, let last?):
            guard first <= last, first < size else { return .unsatisfiable }
            return .partial(ByteRange(start: first, end: min(last, size - 1)))
        default:
            // Empty on both sides, or a number too large for `Int`.
            return .unsatisfiable
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
