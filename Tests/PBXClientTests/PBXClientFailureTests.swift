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
                // What came back, in words: never the body, which any server an admin types may fill.
                #expect(error == .malformedResponse("text/html, 44 bytes"))
                #expect(error?.description.contains("Service temporarily") == false)
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
                #expect(error == .unexpectedStatus(500, "application/json, 23 bytes"))
                #expect(error?.description == "The PBX answered HTTP 500 (application/json, 23 bytes)")
            }
        }
    }

    /// A PBX that echoes the request cannot put the token, however short, into an error message.
    @Test func errorsNeverEchoTheAnswerOrItsSecrets() async throws {
        for token in ["s3", "secret-token-1"] {
            let answer = CannedHTTPServer.response(status: "502 Bad Gateway", body: "upstream failed for token=\(token)")
            try await CannedHTTPServer.with(.answer(answer)) { server in
                try await withClient(server.baseURL) { client in
                    let error = await clientError { _ = try await client.accounts(token: token) }
                    guard case .unexpectedStatus(502, _)? = error else {
                        Issue.record("expected unexpectedStatus, got \(String(describing: error))")
                        return
                    }
                    #expect(error?.description.contains(token) == false)
                    #expect(error?.description.contains("upstream") == false)
                }
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
