/// How `minicrm conformance`, `simulate` and `replay` write their report: a table for people, JSON
/// for scripts, JUnit XML for CI systems (GitLab, Jenkins and GitHub render it).
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, junit
}

/// A run's outcome in each of the report formats.
public protocol FormattedReport: Sendable {
    var text: String { get }
    var json: String { get }
    var junit: String { get }
}

extension FormattedReport {
    public func rendered(_ format: ReportFormat) -> String {
        switch format {
        case .text: text
        case .json: json
        case .junit: junit
        }
    }
}
