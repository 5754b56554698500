extension ConformanceReport {
    /// The checks as an aligned table, then one summary line.
    public func table(maxReasonWidth: Int = 110) -> String {
        var table = TextTable(headers: ["RESULT", "CHECK", "TIME", "WHY"], maxColumnWidth: maxReasonWidth)
        table.rows = checks.map { report in
            [report.verdict.rawValue, report.id, report.elapsed.formattedMilliseconds, report.result.reason]
        }
        return table.render() + "\n\n" + summary
    }

    /// `22 passed, 1 warning, 1 failed in 3.4 s: http://…`.
    public var summary: String {
        let (passed, warned, failedCount) = (count(.pass), count(.warn), count(.fail))
        return "\(verdictName): \(passed) passed, \(warned) \(warned == 1 ? "warning" : "warnings"), \(failedCount) failed "
            + "in \(String(format: "%.1f", elapsed.inSeconds)) s — \(url)"
    }
}
