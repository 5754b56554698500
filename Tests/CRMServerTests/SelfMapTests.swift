import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// With `self_map` the PBX's `user` is its account name, which live systems send as `login@tenant`.
@Suite struct SelfMapTests {
    private func history(_ pbx: APIClient, _ server: TestServer, user: String, callid: String) async throws -> Int {
        try await pbx.pbx([
            "cmd": "history", "type": "in", "phone": Seed.smirnovPhone, "user": user, "duration": "5", "callid": callid,
            "crm_token": server.crmToken,
        ]).status
    }

    @Test func accountsResolveWithOrWithoutTheTenantAndInAnyCase() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let pbx = APIClient(baseURL: server.baseURL)
            try await server.crm.integration.updateSettings { $0.selfMap = true }
            #expect(try await admin.json(.PATCH, "/api/managers/ivanov", ["pbx_account": "Ivanov@Acme.Example"]).status == 200)
            for (index, user) in ["ivanov", "IVANOV@acme.example", "ivanov@acme.example"].enumerated() {
                #expect(try await history(pbx, server, user: user, callid: "SM-\(index)") == 200)
                let call = try #require(try await admin.calls(callid: "SM-\(index)").first)
                #expect(call["manager"] as? String == "ivanov", "\(user)")
                #expect(call["user"] as? String == user)
            }
        }
    }

    @Test func withoutSelfMapAnAccountNameIsNobody() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let pbx = APIClient(baseURL: server.baseURL)
            #expect(try await history(pbx, server, user: "ivanov@acme.example", callid: "NSM-1") == 200)
            let call = try #require(try await admin.calls(callid: "NSM-1").first)
            #expect(call["manager"] == nil || call["manager"] is NSNull)
            #expect(try await history(pbx, server, user: "ivanov", callid: "NSM-2") == 200)
            #expect(try await admin.calls(callid: "NSM-2").first?["manager"] as? String == "ivanov")
        }
    }

    @Test func anUnknownUserIsStoredWithoutAManagerNotRefused() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let pbx = APIClient(baseURL: server.baseURL)
            try await server.crm.integration.updateSettings { $0.selfMap = true }
            #expect(try await history(pbx, server, user: "stranger@acme.example", callid: "UNK-1") == 200)
            let call = try #require(try await admin.calls(callid: "UNK-1").first)
            #expect(call["manager"] == nil || call["manager"] is NSNull)
            #expect(call["user"] as? String == "stranger@acme.example")
        }
    }
}
