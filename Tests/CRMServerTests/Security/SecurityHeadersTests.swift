import Foundation
import MiniCRMTesting
import NIOHTTP1
import Testing

@testable import CRMServer

/// Every page and API answer carries the browser hardening, errors included; API answers are never cached.
@Suite struct SecurityHeadersTests {
    @Test func everyAnswerIsHardened() async throws {
        try await withServer(seed: true) { server throws in
            let admin = try await APIClient.admin(server)
            let anonymous = APIClient(baseURL: server.baseURL)
            let answers: [(String, APIClient.Reply, Bool)] = [
                ("page", try await anonymous.get("/"), false),
                ("script", try await anonymous.get("/js/app.js"), false),
                ("missing file", try await anonymous.get("/no-such-file.js"), false),
                ("contacts", try await admin.get("/api/contacts"), true),
                ("a contact", try await admin.get("/api/contacts/1"), true),
                ("401", try await anonymous.get("/api/contacts"), true),
                ("403", try await APIClient.loggedIn(server, "ivanov").get("/api/journal"), true),
                ("404", try await admin.get("/api/no-such-route"), true),
                ("400", try await admin.request(.POST, "/api/contacts", body: Array("{".utf8), contentType: "application/json"), true),
                ("metrics", try await admin.get("/metrics"), true),
            ]
            for (name, reply, isAPI) in answers {
                let csp = reply.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("frame-ancestors 'none'"), "\(name)")
                #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(name)")
                #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(name)")
                #expect(reply.headers.first(name: "Referrer-Policy") == "same-origin", "\(name)")
                if isAPI { #expect(reply.headers.first(name: "Cache-Control") == "no-store", "\(name)") }
            }
        }
    }

    @Test func theIndexPageHasNoInlineScript() async throws {
        try await withServer(seed: true) { server throws in
            let page = try await APIClient(baseURL: server.baseURL).get("/").text
            #expect(page.contains(#"<script type="module" src="/js/app.js"></script>"#))
            #expect(!page.contains("<script>") && !page.contains("onload=") && !page.contains("onclick="))
        }
    }
}
