import CRMCore
import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// `cmd=contact`: what the PBX shows on the phone and routes by.
@Suite struct ContactCommandTests {
    private func lookUp(_ pbx: APIClient, _ server: TestServer, _ phone: String) async throws -> APIClient.Reply {
        try await pbx.pbx(["cmd": "contact", "phone": phone, "callid": "CC-1", "crm_token": server.crmToken])
    }

    @Test(arguments: ["79990000000", "anonymous", "", "101"])
    func anUnknownCallerIsExactlyAnEmptyObject(phone: String) async throws {
        try await withServer(seed: true) { server in
            let reply = try await lookUp(APIClient(baseURL: server.baseURL), server, phone)
            #expect(reply.status == 200)
            #expect(reply.text == "{}")
        }
    }

    @Test func aContactWithoutResponsibleHasNoResponsibleKey() async throws {
        try await withServer(seed: true) { server in
            let reply = try await lookUp(APIClient(baseURL: server.baseURL), server, "8 909 313-85-81")
            #expect(reply.text == #"{"contact_name":"Морозова Татьяна Викторовна"}"#)
        }
    }

    @Test func theResponsibleOfAnInactiveManagerIsLeftOut() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let admin = try await APIClient.admin(server)
            #expect(try await admin.json(.PATCH, "/api/managers/ivanov", ["active": false]).status == 200)
            #expect(try await lookUp(pbx, server, Seed.smirnovPhone).text == #"{"contact_name":"Смирнов Алексей Петрович"}"#)
            #expect(try await admin.json(.PATCH, "/api/managers/ivanov", ["active": true]).status == 200)
            #expect(try await lookUp(pbx, server, Seed.smirnovPhone).json["responsible"] as? String == "ivanov")
        }
    }

    @Test func withSelfMapTheResponsibleIsThePBXAccount() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let admin = try await APIClient.admin(server)
            try await server.crm.integration.updateSettings { $0.selfMap = true }
            #expect(try await admin.json(.PATCH, "/api/managers/ivanov", ["pbx_account": "ivanov@acme.example"]).status == 200)
            #expect(try await lookUp(pbx, server, Seed.smirnovPhone).json["responsible"] as? String == "ivanov@acme.example")
            // A manager without a PBX account cannot be routed to: the PBX uses its dial plan.
            #expect(try await admin.json(.PATCH, "/api/managers/ivanov", ["pbx_account": nil]).status == 200)
            #expect(try await lookUp(pbx, server, Seed.smirnovPhone).text == #"{"contact_name":"Смирнов Алексей Петрович"}"#)
        }
    }

    @Test func theAnswerFollowsContactEditsAtOnce() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let admin = try await APIClient.admin(server)
            let created = try await admin.json(.POST, "/api/contacts", ["name": "Новый Клиент", "phones": ["+7 (926) 555-44-33"], "responsible": "kozlov"])
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? Int)
            #expect(try await lookUp(pbx, server, "79265554433").text == #"{"contact_name":"Новый Клиент","responsible":"kozlov"}"#)
            #expect(try await admin.json(.PATCH, "/api/contacts/\(id)", ["name": "Клиент Переименован", "responsible": nil]).status == 200)
            #expect(try await lookUp(pbx, server, "89265554433").text == #"{"contact_name":"Клиент Переименован"}"#)
            #expect(try await admin.request(.DELETE, "/api/contacts/\(id)").status == 204)
            #expect(try await lookUp(pbx, server, "79265554433").text == "{}")
        }
    }

    @Test func theSeedsNumberOfSolovyovIsFoundFromItsNationalForm() async throws {
        try await withServer(seed: true) { server in
            let reply = try await lookUp(APIClient(baseURL: server.baseURL), server, "8 903 111-22-33")
            #expect(reply.text == #"{"contact_name":"Соловьёв Михаил Ефимович","responsible":"petrova"}"#)
        }
    }
}
