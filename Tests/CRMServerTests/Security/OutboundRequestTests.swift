import Foundation
import MiniCRMTesting
import PBXClient
import PBXTools
import Testing

@testable import CRMServer

/// The addresses an admin can make MiniCRM connect to: public ones, over http(s), unless private
/// ones are allowed — judged after resolution, whatever the spelling.
@Suite struct OutboundRequestTests {
    static let forbidden = [
        "http://127.0.0.1:9", "http://localhost:9", "http://2130706433:9", "http://0x7f000001:9", "http://0177.0.0.1:9", "http://127.1:9",
        "http://0x7f.0.0.1:9", "http://0:9", "http://0.0.0.0:9", "http://[::1]:9", "http://[::]:9", "http://[::ffff:127.0.0.1]:9",
        "http://[::ffff:7f00:1]:9", "http://169.254.169.254", "http://[fd00:ec2::254]", "http://10.0.0.1", "http://172.16.5.4",
        "http://192.168.1.1", "http://100.64.0.1", "http://[fc00::1]", "http://[fe80::1]", "http://[64:ff9b::a00:1]",
        "http://[2002:c0a8:101::1]", "https://3232235777",
    ]

    @Test(arguments: forbidden)
    func privateAddressesInEverySpellingAreRefused(url: String) async throws {
        let policy = OutboundPolicy()
        #expect(await policy.permits(try #require(URL(string: url))) == false)
    }

    @Test(arguments: ["ftp://example.com/", "file:///etc/passwd", "gopher://1.1.1.1/"])
    func onlyHTTPAndHTTPSAreAllowed(url: String) async throws {
        #expect(await OutboundPolicy.unrestricted.permits(try #require(URL(string: url))) == false)
    }

    @Test func publicAddressesPassAndAnAllowedOriginIsExactlyThatOrigin() async throws {
        let policy = OutboundPolicy()
        #expect(await policy.permits(URL(string: "http://93.184.216.34/")!))
        #expect(await policy.permits(URL(string: "https://[2606:4700::1111]/")!))
        policy.allow(origin: "http://127.0.0.1:8090")
        #expect(await policy.permits(URL(string: "http://127.0.0.1:8090/recordings/a.wav")!))
        #expect(await policy.permits(URL(string: "http://127.0.0.1:8091/")!) == false)
        #expect(await policy.permits(URL(string: "https://127.0.0.1:8090/")!) == false)
    }

    @Test func connectingToAPrivatePBXIsRefusedInWordsWithoutConnecting() async throws {
        try await withServer(seed: true, configure: { $0.allowPrivatePBX = false }) { server throws in
            let admin = try await APIClient.admin(server)
            for url in ["http://127.0.0.1:\(server.port)", "http://2130706433:\(server.port)", "http://[::ffff:127.0.0.1]:1"] {
                let reply = try await admin.json(.POST, "/api/pbx/connect", ["base_url": url, "login": "admin", "password": "pbx-secret"])
                #expect(reply.status == 400, "\(url)")
                let message = reply.json["error"] as? String ?? ""
                #expect(message.contains("loopback address"), "\(message)")
                #expect(message.contains("--allow-private-pbx"))
                #expect(!message.contains("pbx-secret"))
            }
            // The login-page way is refused before the browser is sent anywhere.
            let redirect = try await admin.json(.POST, "/api/pbx/connect", ["base_url": "http://10.1.2.3"])
            #expect(redirect.status == 400)
            #expect(try await admin.get("/api/pbx").json["connected"] as? Bool == false)
        }
    }

    @Test func aPBXThatAnswersSomethingElseIsNamedWithoutItsBody() async throws {
        try await withServer(seed: true) { server throws in
            let admin = try await APIClient.admin(server)
            // MiniCRM's own UI page as a "PBX": HTML, which must not come back in the error.
            let reply = try await admin.json(.POST, "/api/pbx/connect", ["base_url": server.baseURL, "login": "a", "password": "b"])
            #expect(reply.status == 502)
            let message = reply.json["error"] as? String ?? ""
            #expect(!message.contains("<"), "\(message)")
            #expect(message.contains("bytes"))
        }
    }

    /// `minicrm demo`'s way: private addresses stay refused, its own fake PBX's origin is allowed by name.
    @Test func anAllowedOriginWorksWhilePrivateAddressesStayRefused() async throws {
        try await RunningFakePBX.withRunning(FakePBXConfiguration(port: 0, logLevel: .error)) { pbx throws in
            try await withServer(seed: true, configure: { $0.allowPrivatePBX = false }) { server throws in
                let admin = try await APIClient.admin(server)
                let body: [String: Any?] = ["base_url": pbx.baseURL, "login": "admin", "password": "admin"]
                #expect(try await admin.json(.POST, "/api/pbx/connect", body).status == 400)
                server.crm.outbound.allow(origin: pbx.baseURL)
                let reply = try await admin.json(.POST, "/api/pbx/connect", body)
                #expect(reply.status == 200, "\(reply.text)")
                #expect(try await admin.get("/api/pbx/accounts").status == 200)
            }
        }
    }
}
