import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// No value can split or inject a server-sent event: every field that reaches the stream — names,
/// company, phone, callid, user, diversion, group, the manager's name — with `\n`, `\r\n` and `\r`.
@Suite struct StreamFramingTests {
    static let breaks = ["\n", "\r\n", "\r"]

    @Test(arguments: breaks)
    func lineBreaksInEveryFieldStayInsideTheirMessage(lineBreak: String) async throws {
        try await withServer(seed: true) { server throws in
            let injected = "x\(lineBreak)event: call\(lineBreak)data: {\"callid\":\"FORGED\"}\(lineBreak)\(lineBreak)id: 1"
            let admin = try await APIClient.admin(server)
            #expect(try await admin.json(.PATCH, "/api/managers/ivanov", ["name": "Иван \(injected)"]).status == 200)
            let contact = try await admin.json(
                .POST, "/api/contacts", ["name": "Имя \(injected)", "company": "ООО \(injected)", "phones": ["79995550101"], "responsible": "ivanov"]
            )
            #expect(contact.status == 201)
            let ivanov = try await APIClient.loggedIn(server, "ivanov")
            let raw = try await RawStream.open(server.baseURL + "/api/stream", cookie: try #require(ivanov.cookie))
            let pbx = APIClient(baseURL: server.baseURL)
            let callid = "FR-\(injected)"
            #expect(try await pbx.pbx([
                "cmd": "event", "type": "INCOMING", "phone": "79995550101", "user": "ivanov", "callid": callid,
                "diversion": "7495\(injected)", "groupRealName": "Отдел \(injected)", "crm_token": server.crmToken,
            ]).status == 200)
            #expect(try await pbx.pbx([
                "cmd": "event", "type": "INCOMING", "phone": "7999\(injected)", "user": "ivanov", "callid": callid + "-2", "crm_token": server.crmToken,
            ]).status == 200)
            let text = try await raw.read(until: { SSE.parse($0).filter { $0.event == "call" }.count >= 2 }, timeout: .seconds(5))
            await raw.close()

            let messages = SSE.parse(text)
            let calls = messages.filter { $0.event == "call" }
            #expect(calls.count == 2, "\(messages.map(\.event))")
            #expect(!messages.contains { $0.data.contains("\"FORGED\"") && !$0.data.hasPrefix("{\"callid\":\"FR-") })
            #expect(messages.allSatisfy { ["snapshot", "call"].contains($0.event) }, "\(messages.map(\.event))")
            let first = try #require(calls.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.data.utf8)) as? [String: Any] })
            #expect(first["callid"] as? String == callid)
            #expect(first["diversion"] as? String != nil)
            #expect(first["group"] as? String == "Отдел \(injected)")
            let summary = try #require(first["contact"] as? [String: Any])
            #expect(summary["name"] as? String == "Имя \(injected)")
            #expect(summary["company"] as? String == "ООО \(injected)")
            #expect(summary["responsible_name"] as? String == "Иван \(injected)")
        }
    }
}

/// A stream read as raw text, and the spec's parser (lines end in CR LF, LF or CR).
enum SSE {
    struct Message {
        var event = "message"
        var data = ""
        var fields: [String] = []
    }

    static func parse(_ text: String) -> [Message] {
        var messages: [Message] = []
        var current = Message()
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").components(separatedBy: "\n")
        for line in lines {
            if line.isEmpty {
                if !current.fields.isEmpty, !current.data.isEmpty { messages.append(current) }
                current = Message()
                continue
            }
            if line.hasPrefix(":") { continue }
            let (name, value) = line.firstIndex(of: ":").map { (String(line[..<$0]), String(line[line.index(after: $0)...]).trimmingPrefix(" ")) }
                ?? (line, "")
            current.fields.append(name)
            switch name {
            case "event": current.event = String(value)
            case "data": current.data += current.data.isEmpty ? String(value) : "\n" + value
            default: break
            }
        }
        return messages
    }
}

final class RawStream: @unchecked Sendable {
    private let client: EventStreamClientRaw

    private init(_ client: EventStreamClientRaw) { self.client = client }

    static func open(_ url: String, cookie: String) async throws -> RawStream {
        RawStream(try await EventStreamClientRaw.connect(url, cookie: cookie))
    }

    func read(until done: (String) -> Bool, timeout: Duration) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !done(client.text) { try await Task.sleep(for: .milliseconds(10)) }
        return client.text
    }

    func close() async { await client.close() }
}
