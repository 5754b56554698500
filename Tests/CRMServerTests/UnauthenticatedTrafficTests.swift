import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// What an outsider without the token can do to MiniCRM: nothing that kills it, slows the PBX's
/// lookups, or fills its disk.
@Suite struct UnauthenticatedTrafficTests {
    /// A byte ≥ 0x80 in a part's header name once killed the process (MultipartKit 4.7.1).
    static let crashBody = Array("--B\r\n".utf8) + [0xFF] + Array(": x\r\n\r\nv\r\n--B--\r\n".utf8)

    @Test func theMultipartCrashInputIsRefusedAndMiniCRMLivesOn() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let anonymous = try await pbx.request(.POST, "/crm_integration", body: Self.crashBody, contentType: "multipart/form-data; boundary=B")
            #expect(anonymous.status == 401)
            #expect(anonymous.text == #"{"error":"Invalid token"}"#)
            let withToken = try await pbx.request(
                .POST, "/crm_integration?crm_token=\(server.crmToken)", body: Self.crashBody, contentType: "multipart/form-data; boundary=B"
            )
            #expect(withToken.status == 400)
            for input in FuzzRegressions.all {
                let reply = try await pbx.request(.POST, "/crm_integration", body: input.body, contentType: input.contentType)
                #expect([400, 401, 413].contains(reply.status), "\(input.name): \(reply.status)")
            }
            #expect(try await pbx.get("/health").status == 200)
            let contact = try await pbx.pbx(["cmd": "contact", "phone": "79161234567", "callid": "ALIVE", "crm_token": server.crmToken])
            #expect(contact.status == 200)
        }
    }

    @Test func fiveHundredAnonymousRequestsBarelyGrowTheDatabase() async throws {
        try await withServer(seed: true) { server in
            let admin = try await APIClient.admin(server)
            _ = try await admin.get("/api/journal?limit=1")
            let before = Self.databaseBytes(server.databasePath)
            let body = Array(("cmd=event&phone=1&user=x&callid=FLOOD&crm_token=wrong&pad=" + String(repeating: "x", count: 64 * 1024 - 70)).utf8)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        let sender = APIClient(baseURL: server.baseURL)
                        for _ in 0..<100 {
                            let reply = try await sender.request(.POST, "/crm_integration", body: body, contentType: "application/x-www-form-urlencoded")
                            #expect(reply.status == 401)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let journal = try await admin.get("/api/journal?limit=1000")
            let refusals = journal.items.filter { $0["status"] as? Int == 401 }
            // The first refusal of the minute, as it came; the other 499 wait to be counted together.
            #expect(refusals.count == 1)
            #expect(refusals.first?["cmd"] as? String == "event")
            #expect(!journal.text.contains("xxxx"))
            #expect(Self.databaseBytes(server.databasePath) - before < 1 << 20)
        }
    }

    @Test func aClientThatSaysNothingOrSendsTooSlowlyIsClosed() async throws {
        try await withServer(configure: { configuration in
            configuration.connections = ConnectionLimits(headerTimeout: .milliseconds(300), bodyTimeout: .milliseconds(300), idleTimeout: .milliseconds(300))
        }) { server in
            let silent = try #require(RawSocket(port: server.port))
            let slowHead = try #require(RawSocket(port: server.port))
            slowHead.send("POST /crm_integration HTTP/1.1\r\nHost: x\r\n")
            let slowBody = try #require(RawSocket(port: server.port))
            slowBody.send("POST /crm_integration HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\ncmd=")
            #expect(await silent.waitUntilClosed(timeout: .seconds(5)))
            #expect(await slowHead.waitUntilClosed(timeout: .seconds(5)))
            #expect(await slowBody.waitUntilClosed(timeout: .seconds(5)))
            #expect(try await APIClient(baseURL: server.baseURL).get("/health").status == 200)
        }
    }

    @Test func anEventStreamOutlivesTheIdleTimeout() async throws {
        try await withServer(seed: true, configure: { configuration in
            configuration.connections = ConnectionLimits(headerTimeout: .milliseconds(300), bodyTimeout: .milliseconds(300), idleTimeout: .milliseconds(300))
        }) { server in
            let ivanov = try await APIClient.loggedIn(server, "ivanov")
            let stream = try await EventStreamClient.connect(server.baseURL + "/api/stream", cookie: ivanov.cookie)
            #expect(await stream.next()?.event == "snapshot")
            try await Task.sleep(for: .seconds(1))
            _ = try await APIClient(baseURL: server.baseURL).pbx(
                ["cmd": "event", "type": "INCOMING", "phone": "79161234567", "user": "ivanov", "callid": "IDLE-1", "crm_token": server.crmToken]
            )
            #expect(await stream.next()?.event == "call")
            await stream.close()
        }
    }

    /// What the database file and its write-ahead log take on disk.
    static func databaseBytes(_ path: String) -> Int {
        ["", "-wal"].reduce(0) { total, suffix in
            total + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? 0)
        }
    }
}
