import AsyncHTTPClient
import Logging

/// A `PBXClient` with an `HTTPClient` of its own, for command-line tools and scripts. Call
/// `shutdown()` once done; a server shares one `HTTPClient` across its `PBXClient`s instead.
public final class OwningPBXClient: Sendable {
    public let client: PBXClient
    private let httpClient: HTTPClient

    public init(
        baseURL: String, configuration: PBXClient.Configuration = PBXClient.Configuration(),
        logger: Logger = Logger(label: "minicrm.pbx-client")
    ) throws(PBXClientError) {
        // Checked before the HTTPClient exists, so a bad address leaves nothing to shut down.
        let address = try PBXAddress(baseURL)
        httpClient = PBXClient.makeHTTPClient(configuration: configuration)
        client = PBXClient(address: address, httpClient: httpClient, configuration: configuration, logger: logger)
    }

    public func shutdown() async throws {
        try await httpClient.shutdown()
    }
}
