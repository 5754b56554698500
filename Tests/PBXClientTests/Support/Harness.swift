import Logging
import PBXClient
import PBXProtocol
import PBXTools
import Testing

/// A fake PBX on a loopback port for the length of `body`; calls play back instantly.
func withFakePBX<T>(
    configure: (inout FakePBXConfiguration) -> Void = { _ in }, _ body: (RunningFakePBX) async throws -> T
) async throws -> T {
    var configuration = FakePBXConfiguration(port: 0, ringDelay: .zero, talkDuration: .zero, logLevel: .error)
    configure(&configuration)
    return try await RunningFakePBX.withRunning(configuration, body)
}

/// A client with an HTTPClient of its own, shut down after `body`.
func withClient<T>(
    _ baseURL: String, configuration: PBXClient.Configuration = PBXClient.Configuration(), _ body: (PBXClient) async throws -> T
) async throws -> T {
    var logger = Logger(label: "test.pbx-client")
    logger.logLevel = .error
    let owner = try OwningPBXClient(baseURL: baseURL, configuration: configuration, logger: logger)
    do {
        let result = try await body(owner.client)
        try await owner.shutdown()
        return result
    } catch {
        try? await owner.shutdown()
        throw error
    }
}

/// Runs `body` and returns the `PBXClientError` it threw; nil when it threw nothing.
func clientError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> PBXClientError? {
    do {
        try await body()
        return nil
    } catch let error as PBXClientError {
        return error
    } catch {
        Issue.record("not a PBXClientError: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension PBXLoginRequest {
    /// A direct login as the fake PBX's default administrator.
    static func admin(password: String = "admin", crmCode: String = "minicrm", crmToken: String = "crm-secret-1", selfMap: Bool = false)
        -> PBXLoginRequest
    {
        PBXLoginRequest(
            crmCode: crmCode, login: "admin", password: password, crmToken: crmToken, url: "http://127.0.0.1:9/crm_integration",
            selfMap: selfMap
        )
    }
}
