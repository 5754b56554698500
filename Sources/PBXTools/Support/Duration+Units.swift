extension Duration {
    /// Whole seconds, rounded, as `history`'s `duration` counts them.
    var wholeSeconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) + (attoseconds >= 500_000_000_000_000_000 ? 1 : 0)
    }

    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    public var inMilliseconds: Double { inSeconds * 1000 }

    /// For NIO's `TimeAmount`.
    var nanosecondsForNIO: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
