import CRMCore
import Foundation
import MiniCRMTesting
import Testing

/// Schemathesis (property-based API testing from the OpenAPI document) against a live, seeded
/// MiniCRM, logged in as the admin: no answer may be a server error, and every status, content type,
/// header and body must be one `Public/openapi.json` documents.
///
/// `bash Tests/test.sh` installs schemathesis into `.build/schemathesis-venv` and points
/// `MINICRM_SCHEMATHESIS` at its `st`. Left out of the run: the endless event stream, connecting a PBX
/// (which would send MiniCRM's PBX client to whatever address the generator invents), injecting
/// faults (whose whole point is the 5xx they make `/crm_integration` answer), and loading a data set
/// (a generated one with admins of its own replaces the `admin` the run is logged in as). One worker:
/// the generator's Hypothesis trips over CPython 3.11's parser when two threads describe strategies.
@Suite struct SchemathesisTests {
    static let budgetSeconds = 100

    @Test(.timeLimit(.minutes(3))) func theLiveAPIAnswersAsTheDocumentSays() async throws {
        let environment = ProcessInfo.processInfo.environment
        let st = environment["MINICRM_SCHEMATHESIS"]
            ?? MiniCRMExecutable.repositoryRoot.appendingPathComponent(".build/schemathesis-venv/bin/st").path
        try #require(
            FileManager.default.isExecutableFile(atPath: st), "schemathesis is not installed: bash Tests/test.sh installs it (\(st))")
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("minicrm-schemathesis-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        // Its own server, outside the shared server slots: it holds it for the whole budget, and the
        // suites waiting for a slot meanwhile would run out of time.
        let database = TestServer.temporaryDatabase()
        defer { TestServer.removeDatabase(at: database) }
        let server = try await TestServer.start(databasePath: database, seed: true, configure: {
            $0.adminPassword = "admin"
            // Its coverage phase sends wrong credentials on purpose: they must not lock the run's admin out.
            let lenient = LoginThrottle(freeFailures: 1_000_000)
            $0.loginThrottles = (perLogin: lenient, perClient: lenient)
        })
        do {
            let started = ContinuousClock.now
            let result = try await ChildProcess.run(
                st,
                [
                    "run", server.baseURL + "/openapi.json", "--url", server.baseURL, "--auth", "admin:admin",
                    "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,"
                        + "response_schema_conformance",
                    "--phases", "examples,coverage,fuzzing", "--max-examples", "30", "--max-time", String(Self.budgetSeconds),
                    "--seed", "1606", "--workers", "1", "--request-timeout", "60",
                    "--exclude-path", "/api/stream", "--exclude-path", "/api/pbx/connect", "--exclude-path", "/api/admin/faults/{cmd}",
                    "--exclude-path", "/api/admin/load", "--report", "junit", "--report-dir", report, "--no-color",
                ],
                timeout: .seconds(Self.budgetSeconds + 60)
            )
            print("schemathesis took \(ContinuousClock.now - started)")
            #expect(result.status == 0, "schemathesis found answers that break Public/openapi.json:\n\(result.output.suffix(20_000))")
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }
}
