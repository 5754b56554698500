/// One rule of the protocol, checked against a live CRM endpoint.
public struct ConformanceCheck: Sendable, Identifiable {
    /// Stable and greppable: `token.wrong`, `contact.unknown`.
    public var id: String
    public var title: String
    public var run: @Sendable (ConformanceContext) async throws -> CheckResult

    public init(id: String, title: String, run: @escaping @Sendable (ConformanceContext) async throws -> CheckResult) {
        self.id = id
        self.title = title
        self.run = run
    }
}

public enum CheckVerdict: String, Sendable, Comparable, CaseIterable {
    case pass = "PASS"
    /// Works with a PBX, but not as the protocol asks, or could not be verified.
    case warn = "WARN"
    /// A PBX would see an error, a wrong answer or a timeout.
    case fail = "FAIL"

    private var severity: Int {
        switch self {
        case .pass: 0
        case .warn: 1
        case .fail: 2
        }
    }

    public static func < (lhs: CheckVerdict, rhs: CheckVerdict) -> Bool { lhs.severity < rhs.severity }
}

/// A check's verdict and, in a few words, why.
public struct CheckResult: Sendable, Equatable {
    public var verdict: CheckVerdict
    public var reason: String
    /// False for a warning that says the rule could not be checked (no `--inspect-url`, say):
    /// JUnit reports it as skipped rather than passed.
    public var isVerified = true

    public init(_ verdict: CheckVerdict, _ reason: String) {
        self.verdict = verdict
        self.reason = reason
    }

    public static func pass(_ reason: String) -> CheckResult { CheckResult(.pass, reason) }
    public static func warn(_ reason: String) -> CheckResult { CheckResult(.warn, reason) }
    public static func fail(_ reason: String) -> CheckResult { CheckResult(.fail, reason) }

    /// A warning that the rule could not be checked; `reason` says what would make it checkable.
    public static func notVerifiable(_ reason: String) -> CheckResult {
        var result = CheckResult(.warn, reason)
        result.isVerified = false
        return result
    }
}

/// Collects what the probes of one check found; the worst finding decides the verdict.
struct Findings {
    private var problems: [(CheckVerdict, String)] = []

    mutating func fail(_ reason: String) { problems.append((.fail, reason)) }
    mutating func warn(_ reason: String) { problems.append((.warn, reason)) }

    mutating func add(_ result: CheckResult) {
        if result.verdict != .pass { problems.append((result.verdict, result.reason)) }
    }

    var verdict: CheckVerdict { problems.map(\.0).max() ?? .pass }

    /// The worst problems first; `passing` when there are none.
    func result(passing reason: String) -> CheckResult {
        guard !problems.isEmpty else { return .pass(reason) }
        let ordered = problems.sorted { $0.0 > $1.0 }
        return CheckResult(verdict, ordered.map(\.1).joined(separator: "; "))
    }
}
