import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// Every PBX → CRM command, in every way a PBX was seen sending it.
@Suite struct IntegrationEncodingTests {
    @Test(arguments: Wire.allCases)
    func everyCommandIsUnderstoodInEveryEncoding(wire: Wire) async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let token = server.crmToken

            for cmd in ["users", "user"] {
                let users = try await pbx.pbx(["cmd": cmd, "crm_token": token], as: wire)
                #expect(users.status == 200)
                let list = users.json["users"] as? [[String: String]] ?? []
                #expect(Set(list.compactMap { $0["id"] }) == [Seed.admin, Seed.ivanov, Seed.smirnova, Seed.petrova, Seed.kozlov, Seed.volkova])
                #expect(list.first { $0["id"] == Seed.ivanov }?["name"] == "Иван Иванов")
            }

            let contact = try await pbx.pbx(
                ["cmd": "contact", "phone": "+" + Seed.smirnovPhone, "callid": "ENC-\(wire)", "crm_token": token], as: wire
            )
            #expect(contact.status == 200)
            #expect(contact.text == #"{"contact_name":"Смирнов Алексей Петрович","responsible":"ivanov"}"#)

            let event = try await pbx.pbx(
                [
                    "cmd": "event", "type": "INCOMING", "phone": Seed.smirnovPhone, "user": Seed.ivanov, "callid": "ENC-\(wire)",
                    "groupRealName": "Отдел продаж", "crm_token": token,
                ],
                as: wire
            )
            #expect(event.status == 200)
            #expect(event.text == "{}")
            let open = try await server.crm.store.legs(open: true, updatedSince: Date(timeIntervalSince1970: 0), manager: nil, limit: nil)
            #expect(open.map(\.callid) == ["ENC-\(wire)"])
            #expect(open.first?.groupRealName == "Отдел продаж")

            let history = try await pbx.pbx(
                [
                    "cmd": "history", "type": "in", "status": "Success", "phone": Seed.smirnovPhone, "user": Seed.ivanov,
                    "duration": "42", "callid": "ENC-\(wire)", "start": "20261201T081502Z",
                    "link": "https://records.example/a.mp3?x=1&y=2|https://records.example/b.mp3", "crm_token": token,
                ],
                as: wire
            )
            #expect(history.status == 200)
            #expect(history.text == "{}")

            let rating = try await pbx.pbx(["cmd": "rating", "callid": "ENC-\(wire)", "rating": "4", "crm_token": token], as: wire)
            #expect(rating.status == 200)
            #expect(rating.text == "{}")

            let admin = try await APIClient.admin(server)
            let calls = try await admin.calls(callid: "ENC-\(wire)")
            #expect(calls.count == 1)
            #expect(calls.first?["duration"] as? Int == 42)
            #expect(calls.first?["rating"] as? Int == 4)
            #expect(calls.first?["contact_name"] as? String == Seed.smirnovName)
            #expect(calls.first?["recordings"] as? [String] == ["https://records.example/a.mp3?x=1&y=2", "https://records.example/b.mp3"])
            #expect(try await server.crm.store.legs(open: true, updatedSince: Date(timeIntervalSince1970: 0), manager: nil, limit: nil).isEmpty)
        }
    }

    @Test func theSpecsNewlineSeparatedBodyIsUnderstood() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let body = "cmd=contact\nphone=79161234567\ncrm_token=\(server.crmToken)\ncallid=B10D0EB124F4E64AF4EA-1511\n"
            let reply = try await pbx.request(.POST, "/crm_integration", body: Array(body.utf8), contentType: "application/x-www-form-urlencoded")
            #expect(reply.status == 200)
            #expect(reply.json["contact_name"] as? String == Seed.smirnovName)
        }
    }

    @Test func aBodyWithoutContentTypeIsSniffed() async throws {
        try await withServer(seed: true) { server throws in
            let pbx = APIClient(baseURL: server.baseURL)
            let form = "cmd=contact&phone=79161234567&callid=X&crm_token=\(server.crmToken)"
            #expect(try await pbx.request(.POST, "/crm_integration", body: Array(form.utf8)).json["contact_name"] as? String == Seed.smirnovName)
            let json = #"{"cmd":"contact","phone":79161234567,"callid":"X","crm_token":"\#(server.crmToken)"}"#
            #expect(try await pbx.request(.POST, "/crm_integration", body: Array(json.utf8)).json["contact_name"] as? String == Seed.smirnovName)
        }
    }

    @Test func bodyParametersOverrideTheQueryString() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let reply = try await pbx.request(
                .POST, "/crm_integration?cmd=contact&phone=79990000000&callid=Q&crm_token=\(server.crmToken)",
                body: Array("phone=\(Seed.smirnovPhone)".utf8), contentType: "application/x-www-form-urlencoded"
            )
            #expect(reply.json["contact_name"] as? String == Seed.smirnovName)
        }
    }

    @Test func aSloppyRawPlusInAPhoneStillFindsTheCaller() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let form = "cmd=contact&phone=+79161234567&callid=X&crm_token=\(server.crmToken)"
            let reply = try await pbx.request(.POST, "/crm_integration", body: Array(form.utf8), contentType: "application/x-www-form-urlencoded")
            #expect(reply.json["contact_name"] as? String == Seed.smirnovName)
        }
    }
}
