import Foundation
import MiniCRMTesting
import NIOHTTP1
import PBXProtocol
import Testing

@testable import CRMServer

@Suite struct IntegrationErrorTests {
    static let invalidToken = #"{"error":"Invalid token"}"#
    static let invalidParameters = #"{"error":"Invalid parameters"}"#
    static let jsonType = "application/json; charset=utf-8"

    /// Requests that are wrong in some way besides the token.
    static let otherwiseBad: [PBXParameters] = [
        ["cmd": "users"],
        [:],
        ["cmd": "nonsense"],
        ["cmd": "contact"],
        ["cmd": "event", "type": "RINGING", "phone": "1", "user": "u", "callid": "c"],
        ["cmd": "history", "type": "in", "user": "u", "phone": "1", "duration": "-5", "callid": "c"],
    ]

    @Test(arguments: Wire.allCases)
    func aMissingTokenIs401WhateverElseIsWrong(wire: Wire) async throws {
        try await withServer { server in
            let pbx = APIClient(baseURL: server.baseURL)
            for parameters in Self.otherwiseBad {
                let reply = try await pbx.pbx(parameters, as: wire)
                #expect(reply.status == 401, "\(parameters)")
                #expect(reply.text == Self.invalidToken)
                #expect(reply.contentType == Self.jsonType)
            }
        }
    }

    @Test(arguments: ["wrong", "", " ", "TEST-CRM-TOKEN", "test-crm-toke", "test-crm-tokenx"])
    func aWrongTokenIs401WhateverElseIsWrong(token: String) async throws {
        try await withServer { server in
            let pbx = APIClient(baseURL: server.baseURL)
            for var parameters in Self.otherwiseBad {
                parameters["crm_token"] = token
                let reply = try await pbx.pbx(parameters)
                #expect(reply.status == 401, "\(parameters)")
                #expect(reply.text == Self.invalidToken)
            }
        }
    }

    @Test func anUnreadableBodyIs401WithoutTheToken() async throws {
        try await withServer { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let reply = try await pbx.request(.POST, "/crm_integration", body: Array("{not json".utf8), contentType: "application/json")
            #expect(reply.status == 401)
            #expect(reply.text == Self.invalidToken)
            let noBoundary = try await pbx.request(.POST, "/crm_integration", body: Array("x".utf8), contentType: "multipart/form-data")
            #expect(noBoundary.status == 401)
        }
    }

    @Test func anUnreadableBodyIs400WhenTheQueryCarriesTheToken() async throws {
        try await withServer { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let reply = try await pbx.request(
                .POST, "/crm_integration?crm_token=\(server.crmToken)", body: Array("{not json".utf8), contentType: "application/json"
            )
            #expect(reply.status == 400)
            #expect(reply.text == Self.invalidParameters)
            #expect(reply.contentType == Self.jsonType)
        }
    }

    static let invalid: [PBXParameters] = [
        [:],
        ["cmd": ""],
        ["cmd": "nonsense"],
        ["cmd": "makeCall"],
        ["cmd": "contact", "callid": "c"],
        ["cmd": "contact", "phone": "79161234567"],
        ["cmd": "event", "phone": "79161234567", "user": "ivanov", "callid": "c"],
        ["cmd": "event", "type": "RINGING", "phone": "79161234567", "user": "ivanov", "callid": "c"],
        ["cmd": "event", "type": "INCOMING", "phone": "79161234567", "callid": "c"],
        ["cmd": "event", "type": "INCOMING", "phone": "79161234567", "user": "ivanov"],
        ["cmd": "event", "type": "INCOMING", "user": "ivanov", "callid": "c"],
        ["cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "callid": "c"],
        ["cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "abc", "callid": "c"],
        ["cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "-1", "callid": "c"],
        ["cmd": "history", "type": "sideways", "user": "ivanov", "phone": "79161234567", "duration": "1", "callid": "c"],
        ["cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "1"],
        ["cmd": "history", "type": "in", "phone": "79161234567", "duration": "1", "callid": "c"],
        ["cmd": "history", "type": "in", "user": "ivanov", "phone": "79161234567", "duration": "1", "callid": "c", "start": "yesterday"],
        ["cmd": "rating", "callid": "c"],
        ["cmd": "rating", "rating": "5"],
    ]

    @Test(arguments: Wire.allCases)
    func missingOrMalformedParametersAre400(wire: Wire) async throws {
        try await withServer { server in
            let pbx = APIClient(baseURL: server.baseURL)
            for var parameters in Self.invalid {
                parameters["crm_token"] = server.crmToken
                let reply = try await pbx.pbx(parameters, as: wire)
                #expect(reply.status == 400, "\(parameters)")
                #expect(reply.text == Self.invalidParameters)
                #expect(reply.contentType == Self.jsonType)
            }
            #expect(try await server.crm.store.calls(.init()).total == 0)
            #expect(try await server.crm.store.legs(open: true, updatedSince: Date(timeIntervalSince1970: 0), manager: nil, limit: nil).isEmpty)
        }
    }

    @Test func successesAnswerJSONWithCharset() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            for parameters: PBXParameters in [
                ["cmd": "users"], ["cmd": "contact", "phone": "1", "callid": "c"],
                ["cmd": "event", "type": "INCOMING", "phone": "1", "user": "u", "callid": "c"],
                ["cmd": "history", "type": "in", "phone": "1", "user": "u", "duration": "0", "callid": "c"],
                ["cmd": "rating", "callid": "c", "rating": "1"],
            ] {
                var parameters = parameters
                parameters["crm_token"] = server.crmToken
                let reply = try await pbx.pbx(parameters)
                #expect(reply.status == 200)
                #expect(reply.contentType == Self.jsonType)
            }
        }
    }

    @Test func aBodyOver64KiBIs413() async throws {
        try await withServer { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let padding = String(repeating: "x", count: 64 * 1024)
            let reply = try await pbx.pbx(["cmd": "users", "crm_token": server.crmToken, "padding": padding])
            #expect(reply.status == 413)
            #expect(reply.contentType == Self.jsonType)
            #expect(reply.json["error"] as? String != nil)
            // Just under the limit is an ordinary request.
            let fits = try await pbx.pbx(["cmd": "users", "crm_token": server.crmToken, "padding": String(repeating: "x", count: 60 * 1024)])
            #expect(fits.status == 200)
        }
    }

    @Test(arguments: [HTTPMethod.GET, .PUT, .DELETE, .PATCH])
    func anyMethodButPostIs405WithAllowPost(method: HTTPMethod) async throws {
        try await withServer { server in
            let reply = try await APIClient(baseURL: server.baseURL).request(method, "/crm_integration?cmd=users&crm_token=\(server.crmToken)")
            #expect(reply.status == 405)
            #expect(reply.headers.first(name: "Allow") == "POST")
        }
    }
}
