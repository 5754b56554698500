/// Plain-text tables with aligned columns, for terminals and logs.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]
    /// Cells longer than this are cut with an ellipsis; the last column is never padded.
    public var maxColumnWidth: Int

    public init(headers: [String], rows: [[String]] = [], maxColumnWidth: Int = 80) {
        self.headers = headers
        self.rows = rows
        self.maxColumnWidth = maxColumnWidth
    }

    public func render() -> String {
        let all = ([headers] + rows).map { row in row.map { Self.clip($0, to: maxColumnWidth) } }
        let columns = all.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        var lines = all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toWidth: widths[column])
            }.joined(separator: "  ")
        }
        let rule = widths.enumerated().map { column, width in
            String(repeating: "-", count: column == widths.count - 1 ? min(width, 20) : width)
        }.joined(separator: "  ")
        lines.insert(rule, at: 1)
        return lines.joined(separator: "\n")
    }

    static func clip(_ text: String, to width: Int) -> String {
        let flat = text.replacingNewlines
        return flat.count <= width ? flat : String(flat.prefix(max(0, width - 1))) + "…"
    }
}

extension String {
    /// Left-aligned in `width` characters (Cyrillic letters count as one, as terminals show them).
    func padding(toWidth width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// Right-aligned in `width` characters.
    func leftPadding(toWidth width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    var replacingNewlines: String {
        contains(where: \.isNewline) ? String(map { $0.isNewline ? " " : $0 }) : self
    }
}
