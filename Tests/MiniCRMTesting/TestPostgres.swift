import Foundation

/// The PostgreSQL server `Tests/test.sh` starts for the suite (a throwaway cluster on a free port),
/// announced in `MINICRM_TEST_POSTGRES` as `postgres://user@127.0.0.1:port/postgres`. Each test
/// gets a database of its own on it, dropped afterwards.
public enum TestPostgres {
    public static var serverURL: String? {
        ProcessInfo.processInfo.environment["MINICRM_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs `body` with the URL of a fresh, empty database.
    public static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        guard let server = serverURL, let base = URLComponents(string: server) else { throw TestFailure("no PostgreSQL server: MINICRM_TEST_POSTGRES") }
        let name = "minicrm_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await psql(server, "CREATE DATABASE \(name)")
        var database = base
        database.path = "/" + name
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(database.string!))
        } catch {
            outcome = .failure(error)
        }
        try? await psql(server, "DROP DATABASE \(name) WITH (FORCE)")
        return try outcome.get()
    }

    /// Runs one SQL command with `psql` against `url`.
    public static func psql(_ url: String, _ command: String) async throws {
        let result = try await ChildProcess.run("/usr/bin/psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", command], timeout: .seconds(30))
        guard result.status == 0 else { throw TestFailure("psql \(command): \(result.output)") }
    }
}
