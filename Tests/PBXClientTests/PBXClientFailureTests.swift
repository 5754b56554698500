import PBXClient
import PBXProtocol
import Testing

/// PBXs that misbehave, and the errors an administrator reads for them.
@Suite struct PBXClientFailureTests {
    static let shortDeadline = PBXClient.Configuration(requestTimeout: .seconds(1), connectTimeout: .seconds(1))

    @Test func aPBXThatNeverAnswersTimesOut() async throws {
        try await CannedHTTPServer.with(.silent) { server in
            try await withClient(server.baseURL, configuration: Self.shortDeadline) { client in
                let error = await clientError { _ = try await client.accounts(token: "t") }
                #expect(error == .timeout(.seconds(1)))
            }
        }
    }

    /// AsyncHTTPClient's own deadline stops counting once the head is in: the body needs its own bound.
    @Test func aBodyThatNeverEndsTimesOut() async throws {
        try await CannedHTTPServer.with(.headersThenStall) { server in
            try await withClient(server.baseURL, configuration: Self.shortDeadline) { client in
                let error = await clientError { _ = try await client.accounts(token: "t") }
                #expect(error == .timeout(.seconds(1)))
            }
        }
    }

    @Test func aClosedPortIsConnectionRefused() async throws {
        let port = try await CannedHTTPServer.closedPort()
        try await withClient("http://127.0.0.1:\(port)", configuration: Self.shortDeadline) { client in
            let error = await clientError { _ = try await client.login(.admin()) }
            #expect(error == .connectionRefused(host: "127.0.0.1:\(port)"))
        }
    }

    @Test func malformedJSONIsMalformedResponse() async throws {
        let answer = CannedHTTPServer.response(
            status: "200 OK", body: "<html>Service temporarily unavailable</html>", contentType: "text/html"
        )
        try await CannedHTTPServer.with(.answer(answer)) { server in
            try await withClient(server.baseURL) { client in
                let error = await clientError { _ = try await client.accounts(token: "t") }
                #expect(error == .malformedResponse(excerpt: "«<html>Service temporarily unavailable</html>»"))
            }
        }
    }

    @Test func wrongShapeIsMalformedResponse() async throws {
        try await CannedHTTPServer.with(.answer(CannedHTTPServer.response(status: "200 OK", body: #"{"accounts":[]}"#))) { server in
            try await withClient(server.baseURL) { client in
                guard case .malformedResponse = await clientError({ _ = try await client.accounts(token: "t") }) else {
                    Issue.record("expected malformedResponse")
                    return
                }
            }
        }
    }

    @Test func aServerErrorIsUnexpectedStatus() async throws {
        let answer = CannedHTTPServer.response(status: "500 Internal Server Error", body: "Internal error\nline two")
        try await CannedHTTPServer.with(.answer(answer)) { server in
            try await withClient(server.baseURL) { client in
                let error = await clientError { _ = try await client.accounts(token: "t") }
                #expect(error == .unexpectedStatus(500, excerpt: "«Internal error line two»"))
                #expect(error?.description == "The PBX answered HTTP 500: «Internal error line two»")
            }
        }
    }

    /// A PBX that echoes the request must not put the token into an error message.
    @Test func excerptsMaskTheRequestsSecrets() async throws {
        let answer = CannedHTTPServer.response(status: "502 Bad Gateway", body: "upstream failed for token=secret-token-1")
        try await CannedHTTPServer.with(.answer(answer)) { server in
            try await withClient(server.baseURL) { client in
                let error = await clientError { _ = try await client.accounts(token: "secret-token-1") }
                #expect(error == .unexpectedStatus(502, excerpt: "«upstream failed for token=***»"))
            }
        }
    }

    @Test func anUnknown401BodyIsReadByEndpoint() async throws {
        let answer = CannedHTTPServer.response(status: "401 Unauthorized", body: "denied", contentType: "text/plain")
        try await CannedHTTPServer.with(.answer(answer)) { server in
            try await withClient(server.baseURL) { client in
                #expect(await clientError { _ = try await client.login(.admin()) } == .authorizationFailed)
                #expect(await clientError { _ = try await client.accounts(token: "t") } == .invalidToken)
            }
        }
    }

    @Test func plainHTTPOnAnHTTPSAddressIsATLSFailure() async throws {
        try await CannedHTTPServer.with(.answer(CannedHTTPServer.response(status: "400 Bad Request", body: ""))) { server in
            try await withClient("https://127.0.0.1:\(server.port)", configuration: Self.shortDeadline) { client in
                let error = await clientError { _ = try await client.accounts(token: "t") }
                guard case .tlsFailure(let host, _) = error else {
                    Issue.record("expected tlsFailure, got \(String(describing: error))")
                    return
                }
                #expect(host == "127.0.0.1:\(server.port)")
            }
        }
    }

    @Test(arguments: [
        "", "ftp://pbx.example.com", "https://", "https://user:pass@pbx.example.com", "https://pbx.example.com/?a=1", "http://exa mple.com",
    ])
    func invalidBaseURLsAreRefusedUpFront(_ address: String) {
        #expect(throws: PBXClientError.invalidBaseURL(address)) {
            _ = try OwningPBXClient(baseURL: address)
        }
    }

    @Test func aBareDomainMeansHTTPS() throws {
        let client = try PBXClient(baseURL: " company.gravitel.ru ", httpClient: .shared)
        #expect(client.baseURL == "https://company.gravitel.ru")
    }

    @Test func errorDescriptionsSayWhatHappened() {
        #expect(PBXClientError.timeout(.seconds(10)).description == "The PBX did not answer within 10 s")
        #expect(PBXClientError.timeout(.milliseconds(1500)).description == "The PBX did not answer within 1.5 s")
        #expect(PBXClientError.authorizationFailed.description.contains("login or password"))
        #expect(PBXClientError.invalidToken.description.contains("token"))
        #expect(PBXClientError.connectionRefused(host: "pbx:443").description.contains("pbx:443"))
    }
}
