import AsyncHTTPClient
import Foundation
import Logging
import PBXProtocol

/// Runs conformance checks one after another against one CRM endpoint, over HTTP only.
public struct ConformanceRunner: Sendable {
    public var options: ConformanceOptions
    public var checks: [ConformanceCheck]
    public var logger: Logger

    public init(
        options: ConformanceOptions, checks: [ConformanceCheck] = ConformanceCheck.standard,
        logger: Logger = Logger(label: "minicrm.conformance")
    ) {
        self.options = options
        self.checks = checks
        self.logger = logger
    }

    /// Only the checks whose id is in `ids` or starts with one of them followed by a dot (`token` selects `token.*`).
    public func selecting(_ ids: [String]) -> ConformanceRunner {
        guard !ids.isEmpty else { return self }
        var copy = self
        copy.checks = checks.filter { check in ids.contains { check.id == $0 || check.id.hasPrefix($0 + ".") } }
        return copy
    }

    /// Runs every check; `progress` hears of each one as it finishes. Throws `EndpointUnreachable`
    /// when the endpoint does not answer at all, or a check cannot connect to it: every later check
    /// would only fail the same way.
    public func run(progress: @Sendable (CheckReport) -> Void = { _ in }) async throws -> ConformanceReport {
        try await HTTPClient.withConnections(options.burstConcurrency + 2) { httpClient in
            try await run(httpClient: httpClient, progress: progress)
        }
    }

    public func run(httpClient: HTTPClient, progress: @Sendable (CheckReport) -> Void = { _ in }) async throws -> ConformanceReport {
        let started = ContinuousClock.now
        let client = CRMEndpointClient(url: options.crmURL, token: options.token, httpClient: httpClient, timeout: options.requestTimeout)
        let inspector = options.inspectURL.map {
            CallInspector(urlTemplate: $0, credentials: options.inspectLogin, httpClient: httpClient, timeout: options.requestTimeout)
        }
        // One `users` first: any answer will do, no answer ends the run here.
        let listed: CRMEndpointClient.Exchange
        do {
            listed = try await client.send(.users)
        } catch {
            throw EndpointUnreachable(url: options.crmURL, error: error)
        }
        let users = options.expectedUsers.isEmpty ? Self.listedUsers(listed) : options.expectedUsers
        let context = ConformanceContext(options: options, client: client, inspector: inspector, users: users)
        logger.info(
            "Checking a CRM endpoint", metadata: ["url": "\(options.crmURL)", "checks": "\(checks.count)", "run": "\(options.runPrefix)"])
        var reports: [CheckReport] = []
        for check in checks {
            let checkStarted = ContinuousClock.now
            let result: CheckResult
            do {
                result = try await check.run(context)
            } catch {
                if EndpointUnreachable.isConnectionFailure(error) { throw EndpointUnreachable(url: options.crmURL, error: error) }
                result = .fail("no answer (\(error))")
            }
            let report = CheckReport(id: check.id, title: check.title, result: result, elapsed: ContinuousClock.now - checkStarted)
            if result.verdict != .pass {
                logger.debug(
                    "Check did not pass",
                    metadata: ["check": "\(check.id)", "verdict": "\(result.verdict.rawValue)", "reason": "\(result.reason)"])
            }
            reports.append(report)
            progress(report)
        }
        return ConformanceReport(url: options.crmURL, checks: reports, elapsed: ContinuousClock.now - started)
    }

    /// The users a `users` answer lists, for sending events and history when none were expected.
    private static func listedUsers(_ exchange: CRMEndpointClient.Exchange) -> [String] {
        guard exchange.status == 200, case .success(let ids) = UsersList.parse(exchange.body) else { return [] }
        return ids
    }
}

/// One check's outcome.
public struct CheckReport: Sendable {
    public var id: String
    public var title: String
    public var result: CheckResult
    public var elapsed: Duration

    public var verdict: CheckVerdict { result.verdict }
}

/// The outcome of a whole run.
public struct ConformanceReport: Sendable {
    public var url: String
    public var checks: [CheckReport]
    public var elapsed: Duration
    public var finishedAt = Date()

    /// Whether any check failed: `minicrm conformance` then exits non-zero.
    public var failed: Bool { checks.contains { $0.verdict == .fail } }

    public func count(_ verdict: CheckVerdict) -> Int { checks.count { $0.verdict == verdict } }

    public func verdict(of id: String) -> CheckVerdict? { checks.first { $0.id == id }?.verdict }

    /// The ids of the checks with `verdict`.
    public func ids(_ verdict: CheckVerdict) -> [String] { checks.filter { $0.verdict == verdict }.map(\.id) }
}
