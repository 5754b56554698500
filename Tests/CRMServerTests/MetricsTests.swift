import Foundation
import MiniCRMTesting
import Testing

@testable import CRMServer

@Suite struct MetricsTests {
    @Test func prometheusSeesTheEndpointsRequestsByCommandAndStatus() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            _ = try await pbx.form("/crm_integration", ["cmd": "contact", "phone": "79161234567", "callid": "M-1", "crm_token": server.crmToken])
            _ = try await pbx.form("/crm_integration", ["cmd": "contact", "phone": "79161234567", "callid": "M-2", "crm_token": server.crmToken])
            _ = try await pbx.form("/crm_integration", ["cmd": "users", "crm_token": "wrong"])
            _ = try await pbx.form("/crm_integration", ["cmd": "../../etc/passwd", "crm_token": server.crmToken])

            let anonymous = try await APIClient(baseURL: server.baseURL).get("/metrics")
            #expect(anonymous.status == 401)
            let admin = try await APIClient.admin(server)
            let metrics = try await admin.get("/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.contentType?.hasPrefix("text/plain") == true)
            let text = metrics.text
            #expect(text.contains(#"minicrm_integration_requests_total{cmd="contact",status="200"} 2"#))
            #expect(text.contains(#"minicrm_integration_requests_total{cmd="users",status="401"} 1"#))
            #expect(text.contains(#"minicrm_integration_requests_total{cmd="other",status="400"} 1"#))
            #expect(text.contains("minicrm_integration_request_duration_seconds_count 4"))
            #expect(text.contains("minicrm_phone_directory_ready 1"))
            #expect(text.contains("minicrm_journal_dropped_entries_total 0"))
            #expect(!text.contains(server.crmToken))
        }
    }
}
