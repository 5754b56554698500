import Foundation
import PBXClient
import PBXProtocol
import PBXTools
import Testing

@Suite struct PBXClientLoginTests {
    @Test func loginReturnsATokenAndConnectsTheCRM() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let response = try await client.login(.admin(selfMap: true))
                #expect(!response.token.isEmpty)
                #expect(await pbx.state.currentToken() == response.token)
                let connected = try #require(await pbx.state.snapshot().connectedCRM)
                #expect(connected.crmCode == "minicrm")
                #expect(connected.url == "http://127.0.0.1:9/crm_integration")
                #expect(connected.selfMap)
                #expect(connected.via == "api")
            }
        }
    }

    @Test func wrongPasswordIsAuthorizationFailed() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let error = await clientError { _ = try await client.login(.admin(password: "wrong")) }
                #expect(error == .authorizationFailed)
                #expect(await pbx.state.snapshot().connectedCRM == nil)
            }
        }
    }

    @Test func missingParametersAreInvalidParameters() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let error = await clientError { _ = try await client.login(.admin(crmToken: "")) }
                #expect(error == .invalidParameters)
            }
        }
    }

    /// `+` must not become a space, nor `&`/`=`/`%` split or unescape anything, nor UTF-8 change.
    @Test func plusCyrillicAndReservedCharactersSurviveByteExact() async throws {
        let password = "p+ss wörd&=%"
        let crmCode = "МояCRM+1 &x=%20"
        let crmToken = "tok+en/=Ж-and-long-enough"
        try await withFakePBX(configure: { $0.adminPassword = password }) { pbx in
            try await withClient(pbx.baseURL) { client in
                _ = try await client.login(.admin(password: password, crmCode: crmCode, crmToken: crmToken))
                let connected = try #require(await pbx.state.snapshot().connectedCRM)
                #expect(Array(connected.crmCode.utf8) == Array(crmCode.utf8))
                #expect(connected.crmTokenMasked.hasPrefix("tok+"))
            }
        }
    }

    @Test func aNewLoginInvalidatesTheOldToken() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let first = try await client.login(.admin()).token
                let second = try await client.login(.admin()).token
                #expect(first != second)
                #expect(await clientError { _ = try await client.accounts(token: first) } == .invalidToken)
                #expect(try await client.accounts(token: second).count == FakePBXConfiguration.defaultAccounts.count)
            }
        }
    }

    @Test func loginPageURLCarriesEverythingButCredentials() throws {
        let client = try PBXClient(baseURL: "https://pbx.example.com/", httpClient: .shared)
        let url = client.loginPageURL(
            crmCode: "minicrm", crmToken: "a+b", url: "https://crm.example.com/crm_integration",
            redirectURL: "https://crm.example.com/settings/pbx?step=2", selfMap: true
        )
        let components = try #require(URLComponents(string: url))
        #expect(components.scheme == "https")
        #expect(components.host == "pbx.example.com")
        #expect(components.path == PBXAPI.loginPath)
        let query = FormURLEncoding.decode(components.percentEncodedQuery ?? "")
        #expect(query["crm_code"] == "minicrm")
        #expect(query["crm_token"] == "a+b")
        #expect(query["url"] == "https://crm.example.com/crm_integration")
        #expect(query["redirect_url"] == "https://crm.example.com/settings/pbx?step=2")
        #expect(query["self_map"] == "true")
        #expect(query["login"] == nil)
        #expect(query["password"] == nil)
    }
}
