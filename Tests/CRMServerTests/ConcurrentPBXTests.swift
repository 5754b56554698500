import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

@Suite struct ConcurrentPBXTests {
    @Test func twentyPBXWritersAtOnceAllSucceedAndAllRowsExist() async throws {
        try await withServer(seed: true) { server in
            let token = server.crmToken
            let replies = try await withThrowingTaskGroup(of: (Int, Int, String).self) { group in
                for writer in 0..<20 {
                    group.addTask {
                        let pbx = APIClient(baseURL: server.baseURL)
                        let reply = try await pbx.pbx(
                            [
                                "cmd": "history", "type": writer % 2 == 0 ? "in" : "out", "status": "Success", "phone": "7926000\(1000 + writer)",
                                "user": [Seed.ivanov, Seed.petrova, Seed.kozlov][writer % 3], "duration": "\(writer)", "callid": "PAR-\(writer)",
                                "crm_token": token,
                            ],
                            as: Wire.allCases[writer % Wire.allCases.count]
                        )
                        return (writer, reply.status, reply.text)
                    }
                }
                var replies: [Int: (Int, String)] = [:]
                for try await (writer, status, text) in group { replies[writer] = (status, text) }
                return replies
            }
            #expect(replies.count == 20)
            #expect(replies.values.allSatisfy { $0.0 == 200 && $0.1 == "{}" })
            let admin = try await APIClient.admin(server)
            let calls = try await admin.get("/api/calls?limit=500").items.filter { ($0["callid"] as? String)?.hasPrefix("PAR-") == true }
            #expect(calls.count == 20)
            let durations = Dictionary(uniqueKeysWithValues: calls.map { ($0["callid"] as? String ?? "", $0["duration"] as? Int ?? -1) })
            #expect(durations == Dictionary(uniqueKeysWithValues: (0..<20).map { ("PAR-\($0)", $0) }))
            await server.crm.journal.flush()
            #expect(try await admin.get("/api/journal?cmd=history&limit=500").items.count == 20)
        }
    }

    @Test func contactLookupsStayCorrectWhileContactsAreWritten() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            let token = server.crmToken
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<10 {
                    group.addTask {
                        let reply = try await admin.json(.POST, "/api/contacts", ["name": "Параллельный \(writer)", "phones": ["7927000\(1000 + writer)"]])
                        #expect(reply.status == 201)
                        let found = try await APIClient(baseURL: server.baseURL).pbx(
                            ["cmd": "contact", "phone": "7927000\(1000 + writer)", "callid": "P-\(writer)", "crm_token": token]
                        )
                        #expect(found.json["contact_name"] as? String == "Параллельный \(writer)")
                    }
                    group.addTask {
                        let seeded = try await APIClient(baseURL: server.baseURL).pbx(
                            ["cmd": "contact", "phone": Seed.smirnovPhone, "callid": "S-\(writer)", "crm_token": token]
                        )
                        #expect(seeded.json["contact_name"] as? String == Seed.smirnovName)
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
