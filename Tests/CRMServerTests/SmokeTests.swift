import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

@Suite struct SmokeTests {
    @Test func seededContactIsFoundInEveryPhoneFormat() async throws {
        try await withServer(seed: true) { server in
            let client = APIClient(baseURL: server.baseURL)
            for phone in ["79161234567", "89161234567", "9161234567", "+7 (916) 123-45-67"] {
                let reply = try await client.form(
                    "/crm_integration", ["cmd": "contact", "phone": phone, "callid": "c1", "crm_token": server.crmToken]
                )
                #expect(reply.status == 200)
                #expect(reply.json["contact_name"] as? String == "Смирнов Алексей Петрович")
                #expect(reply.json["responsible"] as? String == "ivanov")
            }
        }
    }
}
