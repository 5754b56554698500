import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

@Suite struct FakePBXLoginTests {
    static let crmURL = "https://crm.example.com/crm_integration"

    @Test func apiLoginAnswersTokenOr400Or401() async throws {
        try await withFakePBX { pbx in
            let complete: PBXParameters = ["login": "admin", "password": "admin", "crm_code": "c", "crm_token": "t", "url": Self.crmURL]
            let ok = try await Browser.form(pbx.loginURL, complete)
            #expect(ok.status == 200)
            #expect(ok.headers.first(name: "Content-Type") == ProtocolJSON.contentType)
            let token = try ProtocolJSON.decode(PBXLoginResponse.self, from: ok.body).token
            #expect(UUID(uuidString: token) != nil)

            var wrong = complete
            wrong["password"] = "Admin"
            let refused = try await Browser.form(pbx.loginURL, wrong)
            #expect(refused.status == 401)
            #expect(refused.errorText == "Autorization failed")

            for missing in ["crm_code", "crm_token", "url"] {
                var incomplete = complete
                incomplete[missing] = nil
                let reply = try await Browser.form(pbx.loginURL, incomplete)
                #expect(reply.status == 400, "without \(missing)")
                #expect(reply.errorText == "Invalid parameters")
            }
            var loginOnly = complete
            loginOnly["password"] = nil
            #expect(try await Browser.form(pbx.loginURL, loginOnly).status == 400)
        }
    }

    @Test func redirectFlowConnectsThroughTheSignInPage() async throws {
        try await withFakePBX { pbx in
            let link: PBXParameters = [
                "crm_code": "<b>CRM</b>", "crm_token": "crm\"secret", "url": Self.crmURL,
                "redirect_url": "https://crm.example.com/settings?tab=pbx#done", "self_map": "1",
            ]
            let page = try await Browser.get(pbx.loginURL + "?" + FormURLEncoding.encode(link))
            #expect(page.status == 200)
            #expect(page.headers.first(name: "Content-Type") == "text/html; charset=utf-8")
            #expect(page.headers.first(name: "Referrer-Policy") == "no-referrer")
            #expect(page.text.contains("&lt;b&gt;CRM&lt;/b&gt;"))
            #expect(!page.text.contains("<b>CRM</b>"))
            #expect(page.text.contains(#"value="crm&quot;secret""#))

            var form = link
            form.append("login_form", "1")
            form.append("login", "admin")
            form.append("password", "nope")
            let again = try await Browser.form(pbx.loginURL, form)
            #expect(again.status == 401)
            #expect(again.text.contains("Wrong login or password."))
            #expect(again.text.contains(#"name="login" value="admin""#))
            #expect(await pbx.state.snapshot().connectedCRM == nil)

            form["password"] = "admin"
            let redirect = try await Browser.form(pbx.loginURL, form)
            #expect(redirect.status == 302)
            let location = try #require(redirect.headers.first(name: "Location"))
            #expect(location.hasPrefix("https://crm.example.com/settings?tab=pbx&token="))
            #expect(location.hasSuffix("#done"))
            let query = try #require(URLComponents(string: location)?.percentEncodedQuery)
            let token = try #require(FormURLEncoding.decode(query)[PBXLoginRedirect.tokenParameter])
            #expect(await pbx.state.currentToken() == token)

            let connected = try #require(await pbx.state.snapshot().connectedCRM)
            #expect(connected.crmCode == "<b>CRM</b>")
            #expect(connected.via == "browser")
            #expect(connected.selfMap)
            let accounts = try await Browser.form(pbx.commandURL, ["cmd": "accounts", "token": token])
            #expect(accounts.status == 200)
        }
    }

    @Test func signInPageRefusesLinksItCannotFinish() async throws {
        try await withFakePBX { pbx in
            let base: PBXParameters = ["crm_code": "c", "crm_token": "t", "url": Self.crmURL]
            let withoutRedirect = try await Browser.get(pbx.loginURL + "?" + FormURLEncoding.encode(base))
            #expect(withoutRedirect.status == 400)
            var hostile = base
            hostile.append("redirect_url", "javascript:alert(1)")
            let scriptRedirect = try await Browser.get(pbx.loginURL + "?" + FormURLEncoding.encode(hostile))
            #expect(scriptRedirect.status == 400)
            hostile.append("login_form", "1")
            hostile.append("login", "admin")
            hostile.append("password", "admin")
            let signIn = try await Browser.form(pbx.loginURL, hostile)
            #expect(signIn.status == 400)
            #expect(await pbx.state.snapshot().connectedCRM == nil)
        }
    }

    @Test func returnURLKeepsTheRedirectURLsQueryAndFragment() {
        #expect(PBXLoginRedirect.returnURL(redirectURL: "https://c.example/x", token: "a+b") == "https://c.example/x?token=a%2Bb")
        #expect(PBXLoginRedirect.returnURL(redirectURL: "https://c.example/x?y=1", token: "t") == "https://c.example/x?y=1&token=t")
        #expect(PBXLoginRedirect.returnURL(redirectURL: "https://c.example/x?#f", token: "t") == "https://c.example/x?token=t#f")
    }
}
