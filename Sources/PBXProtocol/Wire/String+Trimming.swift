extension StringProtocol {
    /// Without leading and trailing whitespace, as parameter values are compared.
    public var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return String(self[first...last])
    }
}

extension String {
    /// Without leading and trailing whitespace, as parameter values are compared.
    public var trimmingWhitespace: String {
        // Nearly every value starts and ends with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        return self[...].trimmingWhitespace
    }
}
