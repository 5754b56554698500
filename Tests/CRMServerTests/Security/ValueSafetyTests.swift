import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// Values are stored as sent or refused — never cut short; what a call keeps of unknown fields is bounded.
@Suite struct ValueSafetyTests {
    @Test(arguments: Wire.allCases)
    func aNULByteIsRefusedNotTruncated(wire: Wire) async throws {
        try await withServer(seed: true) { server throws in
            let pbx = APIClient(baseURL: server.baseURL)
            for callid in ["N\u{0}one", "N\u{0}two"] {
                let reply = try await pbx.pbx(
                    ["cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "1", "callid": callid,
                     "crm_token": server.crmToken], as: wire
                )
                #expect(reply.status == 400, "\(wire)")
            }
            let admin = try await APIClient.admin(server)
            #expect(try await admin.calls(callid: "N").isEmpty)
        }
    }

    @Test func otherControlCharactersAreKeptIntact() async throws {
        try await withServer(seed: true) { server throws in
            let pbx = APIClient(baseURL: server.baseURL)
            for callid in ["C\u{1}one", "C\u{1}two", "C\ttab", "C\u{7f}del"] {
                let reply = try await pbx.pbx([
                    "cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "1", "callid": callid,
                    "crm_token": server.crmToken,
                ])
                #expect(reply.status == 200)
            }
            let admin = try await APIClient.admin(server)
            for callid in ["C\u{1}one", "C\u{1}two", "C\ttab", "C\u{7f}del"] {
                #expect(try await admin.calls(callid: callid).map { $0["callid"] as? String } == [callid])
            }
        }
    }

    @Test func theJSONAPIRefusesNULInText() async throws {
        try await withServer(seed: true) { server throws in
            let admin = try await APIClient.admin(server)
            let reply = try await admin.request(.POST, "/api/contacts", body: Array(#"{"name":"A\u0000B"}"#.utf8), contentType: "application/json")
            #expect(reply.status == 400)
            // An escaped backslash before `u0000` is text, not a NUL.
            let text = try await admin.request(.POST, "/api/contacts", body: Array(#"{"name":"A\\u0000B"}"#.utf8), contentType: "application/json")
            #expect(text.status == 201)
            #expect(text.json["name"] as? String == #"A\u0000B"#)
        }
    }

    @Test func aCallsExtrasAreReplacedByARepeatAndBounded() async throws {
        try await withServer(seed: true) { server throws in
            let pbx = APIClient(baseURL: server.baseURL)
            for round in 0..<5 {
                var parameters: PBXParameters = [
                    "cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "1", "callid": "EX-1",
                    "crm_token": server.crmToken,
                ]
                for index in 0..<200 { parameters.append("x\(round)_\(index)", String(repeating: "v", count: 40)) }
                #expect(try await pbx.pbx(parameters).status == 200)
            }
            let admin = try await APIClient.admin(server)
            let extras = try #require(try await admin.calls(callid: "EX-1").first?["extras"] as? [String: String])
            #expect(extras.count <= PBXParameters.maxExtras)
            #expect(extras.keys.allSatisfy { $0.hasPrefix("x4_") })
            #expect(extras.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count } <= PBXParameters.maxExtrasBytes)
        }
    }
}
