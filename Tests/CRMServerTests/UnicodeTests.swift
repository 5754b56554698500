import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

@Suite struct UnicodeTests {
    static let names = [
        "Ёлкин Фёдор Семёнович", "O'Brien & Sons <b>\"Quoted\"</b>", "Thomas Müller / Straße", "山田 太郎", "Кафе «Ёжик» 🦔", "Tab\tand\\backslash",
    ]

    @Test(arguments: names)
    func namesRoundTripThroughTheAPIAndThePBX(name: String) async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let created = try await admin.json(.POST, "/api/contacts", ["name": name, "company": name, "phones": ["+7 926 555-44-33"]])
            #expect(created.status == 201)
            #expect(created.json["name"] as? String == name)
            let id = try #require(created.json["id"] as? Int)
            #expect(try await admin.get("/api/contacts/\(id)").json["company"] as? String == name)
            let pbx = APIClient(baseURL: server.baseURL)
            for wire in Wire.allCases {
                let reply = try await pbx.pbx(["cmd": "contact", "phone": "79265554433", "callid": "UNI", "crm_token": server.crmToken], as: wire)
                #expect(reply.json["contact_name"] as? String == name)
                // Non-ASCII goes out as UTF-8, not as \u escapes.
                #expect(!reply.text.contains("\\u"))
            }
        }
    }

    @Test func pbxTextFieldsRoundTripInEveryEncoding() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            for wire in Wire.allCases {
                let reply = try await pbx.pbx(
                    [
                        "cmd": "history", "type": "in", "phone": "79161234567", "user": "ivanov", "duration": "1", "callid": "UNI-\(wire)",
                        "groupRealName": "Отдел продаж №1 & «VIP» +", "crm_token": server.crmToken,
                    ],
                    as: wire
                )
                #expect(reply.status == 200)
            }
            let admin = try await APIClient.admin(server)
            for wire in Wire.allCases {
                #expect(try await admin.calls(callid: "UNI-\(wire)").first?["group"] as? String == "Отдел продаж №1 & «VIP» +", "\(wire)")
            }
        }
    }
}
