import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

@Suite struct FakePBXInspectionTests {
    @Test func stateShowsTheConnectionAndCallsButNoSecrets() async throws {
        try await withFakePBX { pbx in
            let crmToken = "crm-token-that-is-secret"
            let token = try await pbx.connect(crmToken: crmToken, selfMap: true)
            _ = try await Browser.form(pbx.commandURL, ["cmd": "makeCall", "phone": "79101234567", "user": "kozlov", "token": token])
            _ = try await Browser.form(pbx.loginURL, ["login": "admin", "password": "guess", "crm_code": "x", "crm_token": "y", "url": "z"])

            let reply = try await Browser.get(pbx.baseURL + "/fake/state")
            #expect(reply.status == 200)
            #expect(!reply.text.contains(crmToken))
            #expect(!reply.text.contains(token))
            #expect(!reply.text.contains("guess"))
            let snapshot = try JSONDecoder().decode(FakePBXSnapshot.self, from: Data(reply.body))
            let connected = try #require(snapshot.connectedCRM)
            #expect(connected.url == "http://127.0.0.1:9/crm_integration")
            #expect(connected.crmCode == "minicrm")
            #expect(connected.selfMap)
            #expect(connected.crmTokenMasked == "crm-…(24 chars)")
            #expect(snapshot.loginAttempts.map(\.status) == [200, 401])
            #expect(snapshot.makeCalls.count == 1)
            #expect(snapshot.makeCalls.first?.user == "kozlov")
            #expect(snapshot.playbacks.first?.callid == snapshot.makeCalls.first?.callid)

            let json = try #require(reply.json as? [String: Any])
            #expect(json["connected_crm"] != nil)
            #expect(json["make_calls"] != nil)
        }
    }

    @Test func indexDescribesTheEndpoints() async throws {
        try await withFakePBX { pbx in
            let reply = try await Browser.get(pbx.baseURL + "/")
            #expect(reply.status == 200)
            #expect(reply.text.contains(PBXAPI.loginPath))
        }
    }
}
