import Foundation
import MiniCRMTesting
import PBXTools
import Testing

/// Deliberately broken endpoints: the checker must fail them, and name the fault.
@Suite struct ConformanceFaultTests {
    func check(
        _ crm: FaultyCRM, only ids: [String] = [], burst: Int = 20, concurrency: Int = 4, latencyLimit: Duration = TestTiming.latencyLimit
    ) async throws -> ConformanceReport {
        let options = ConformanceOptions(
            crmURL: crm.integrationURL, token: FaultyCRM.token, knownPhone: FaultyCRM.knownPhone.dialString, knownName: FaultyCRM.knownName,
            expectedUsers: FaultyCRM.users, inspectURL: crm.inspectURL, burstRequests: burst, burstConcurrency: concurrency,
            latencyLimit: latencyLimit
        )
        return try await ConformanceRunner(options: options).selecting(ids).run()
    }

    @Test func aCorrectSmallEndpointPasses() async throws {
        try await withFaultyCRM { crm in
            let report = try await check(crm)
            #expect(report.ids(.fail) == [], "\(report.table())")
        }
    }

    @Test func acceptingAnyTokenFailsTheTokenChecks() async throws {
        try await withFaultyCRM([.acceptsAnyToken]) { crm in
            let report = try await check(crm)
            #expect(report.ids(.fail) == ["token.missing", "token.wrong", "token.before-parameters"], "\(report.table())")
            let wrong = try #require(report.checks.first { $0.id == "token.wrong" })
            #expect(wrong.result.reason.contains("expected 401"))
        }
    }

    @Test func anArrayForAnUnknownCallerFailsTheUnknownContactCheck() async throws {
        try await withFaultyCRM([.arrayForUnknownCaller]) { crm in
            let report = try await check(crm)
            #expect(report.ids(.fail) == ["contact.unknown"], "\(report.table())")
            let unknown = try #require(report.checks.first { $0.id == "contact.unknown" })
            #expect(unknown.result.reason.contains("an array instead of {}"))
        }
    }

    @Test func duplicatedHistoryFailsTheIdempotencyCheck() async throws {
        try await withFaultyCRM([.duplicatesHistory]) { crm in
            let report = try await check(crm)
            #expect(report.ids(.fail) == ["history.idempotent"], "\(report.table())")
            let idempotent = try #require(report.checks.first { $0.id == "history.idempotent" })
            #expect(idempotent.result.reason.contains("stored 2 calls"))
        }
    }

    @Test func aSlowContactLookupFailsTheLatencyCheck() async throws {
        try await withFaultyCRM([.slowContact(.milliseconds(1200))]) { crm in
            let report = try await check(crm, only: ["contact.latency"], burst: 4, concurrency: 4, latencyLimit: .seconds(1))
            #expect(report.ids(.fail) == ["contact.latency"], "\(report.table())")
            #expect(report.checks.first?.result.reason.contains("p99 over 1000 ms") == true, "\(report.table())")
        }
    }

    @Test func anUnreachableEndpointStopsTheRunAtOnceSayingWhy() async throws {
        let options = ConformanceOptions(crmURL: "http://127.0.0.1:1/crm", token: "t", burstRequests: 4, burstConcurrency: 2)
        let checked = CheckedIDs()
        await #expect(throws: EndpointUnreachable.self) {
            _ = try await ConformanceRunner(options: options).run { checked.add($0.id) }
        }
        #expect(checked.ids.isEmpty)
        do {
            _ = try await ConformanceRunner(options: options).run()
        } catch let error as EndpointUnreachable {
            #expect(error.description == "cannot reach http://127.0.0.1:1/crm: connection refused (is anything listening there?)")
        }
    }
}

/// The checks a run reported, in order.
final class CheckedIDs: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ id: String) { lock.withLock { list.append(id) } }
    var ids: [String] { lock.withLock { list } }
}
