import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

@Suite struct CallsAPITests {
    /// Five calls on a server without seed data, and the ids of the two contacts they belong to.
    private func withCalls(_ body: (APIClient, _ contactA: Int, _ contactB: Int) async throws -> Void) async throws {
        try await withServer { server in
            let admin = try await APIClient.freshAdmin(server)
            let a = try #require(try await admin.json(.POST, "/api/contacts", ["name": "Контакт А", "phones": ["79161234567"]]).json["id"] as? Int)
            let b = try #require(try await admin.json(.POST, "/api/contacts", ["name": "Контакт Б", "phones": ["79031112233"]]).json["id"] as? Int)
            let pbx = APIClient(baseURL: server.baseURL)
            for call: [String: String] in [
                ["callid": "C1", "type": "in", "status": "Success", "user": "ivanov", "phone": "79161234567", "start": "20261201T080000Z", "duration": "60"],
                ["callid": "C2", "type": "in", "status": "missed", "user": "petrova", "phone": "79161234567", "start": "20261201T090000Z", "duration": "0"],
                ["callid": "C3", "type": "out", "status": "Busy", "user": "ivanov", "phone": "79031112233", "start": "20261201T100000Z", "duration": "0"],
                ["callid": "C4", "type": "in", "user": "ivanov", "phone": "79990000000", "start": "20261201T110000Z", "duration": "0"],
                ["callid": "C5", "type": "in", "status": "Cancel", "user": "petrova", "phone": "79031112233", "start": "20261201T120000Z", "duration": "0"],
            ] {
                var parameters = PBXParameters(call.sorted { $0.key < $1.key }.map { .init($0.key, $0.value) })
                parameters.append("cmd", "history")
                parameters.append("crm_token", server.crmToken)
                #expect(try await pbx.pbx(parameters).status == 200)
            }
            try await body(admin, a, b)
        }
    }

    private func callids(_ admin: APIClient, _ query: String) async throws -> [String] {
        let reply = try await admin.get("/api/calls?\(query)")
        #expect(reply.status == 200, "\(query): \(reply.text)")
        return reply.items.compactMap { $0["callid"] as? String }
    }

    @Test func newestFirstWithATotal() async throws {
        try await withCalls { admin, _, _ throws in
            let reply = try await admin.get("/api/calls")
            #expect(reply.json["total"] as? Int == 5)
            #expect(reply.items.compactMap { $0["callid"] as? String } == ["C5", "C4", "C3", "C2", "C1"])
        }
    }

    @Test func callsAreWrittenWithISO8601UTCTimes() async throws {
        try await withCalls { admin, a, _ throws in
            let call = try #require(try await admin.calls(callid: "C1").first)
            #expect(call["start"] as? String == "2026-12-01T08:00:00Z")
            for key in ["received_at", "updated_at"] {
                let text = try #require(call[key] as? String)
                #expect(ProtocolTimestamp.parse(text) != nil && text.hasSuffix("Z") && text.count == 20, "\(key): \(text)")
            }
            #expect(call["direction"] as? String == "in")
            #expect(call["status"] as? String == "success")
            #expect(call["phone"] as? String == "+79161234567")
            #expect(call["contact"] as? Int == a)
            #expect(call["contact_name"] as? String == "Контакт А")
            #expect(call["manager"] as? String == "ivanov")
            #expect(call["duration"] as? Int == 60)
            #expect(call["missed"] as? Bool == false)
        }
    }

    @Test func byContact() async throws {
        try await withCalls { admin, a, b throws in
            #expect(try await callids(admin, "contact=\(a)") == ["C2", "C1"])
            #expect(try await callids(admin, "contact=\(b)") == ["C5", "C3"])
            #expect(try await admin.get("/api/calls?contact=abc").status == 400)
        }
    }

    @Test func byManager() async throws {
        try await withCalls { admin, _, _ throws in
            #expect(try await callids(admin, "manager=ivanov") == ["C4", "C3", "C1"])
            #expect(try await callids(admin, "manager=petrova") == ["C5", "C2"])
            #expect(try await callids(admin, "manager=nobody") == [])
        }
    }

    @Test func byDirection() async throws {
        try await withCalls { admin, _, _ throws in
            #expect(try await callids(admin, "direction=out") == ["C3"])
            #expect(try await callids(admin, "direction=in") == ["C5", "C4", "C2", "C1"])
            #expect(try await admin.get("/api/calls?direction=sideways").status == 400)
        }
    }

    @Test func byStatusCaseInsensitively() async throws {
        try await withCalls { admin, _, _ throws in
            #expect(try await callids(admin, "status=busy") == ["C3"])
            #expect(try await callids(admin, "status=Busy") == ["C3"])
            #expect(try await callids(admin, "status=missed") == ["C2"])
            #expect(try await callids(admin, "status=success") == ["C1"])
        }
    }

    @Test func missedAreIncomingCallsNobodyAnswered() async throws {
        try await withCalls { admin, _, _ throws in
            #expect(try await callids(admin, "missed=1") == ["C5", "C4", "C2"])
            #expect(try await callids(admin, "missed=true") == ["C5", "C4", "C2"])
            #expect(try await callids(admin, "missed=0") == ["C5", "C4", "C3", "C2", "C1"])
            #expect(try await callids(admin, "manager=petrova&missed=1") == ["C5", "C2"])
            let flags = try await admin.get("/api/calls").items.map { ($0["callid"] as? String ?? "", $0["missed"] as? Bool) }
            #expect(flags.filter { $0.1 == true }.map(\.0) == ["C5", "C4", "C2"])
        }
    }

    @Test func since() async throws {
        try await withCalls { admin, _, _ throws in
            #expect(try await callids(admin, "since=2026-12-01T10:00:00Z") == ["C5", "C4", "C3"])
            #expect(try await callids(admin, "since=20261201T100001Z") == ["C5", "C4"])
            #expect(try await callids(admin, "since=2026-12-02T00:00:00Z") == [])
            #expect(try await admin.get("/api/calls?since=yesterday").status == 400)
        }
    }

    @Test func limitAndOffset() async throws {
        try await withCalls { admin, _, _ throws in
            let page = try await admin.get("/api/calls?limit=2&offset=1")
            #expect(page.json["total"] as? Int == 5)
            #expect(page.items.compactMap { $0["callid"] as? String } == ["C4", "C3"])
            #expect(try await callids(admin, "limit=2&offset=4") == ["C1"])
            for bad in ["limit=0", "limit=501", "offset=-1", "limit=two"] {
                #expect(try await admin.get("/api/calls?\(bad)").status == 400, "\(bad)")
            }
        }
    }

    @Test func managersSeeTheCallListToo() async throws {
        try await withServer(seed: true) { server in
            let manager = try await APIClient.loggedIn(server, "volkova")
            let reply = try await manager.get("/api/calls?limit=500")
            #expect(reply.status == 200)
            #expect(reply.json["total"] as? Int == 40)
        }
    }
}
