import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

/// A bounded fuzzer against a real `minicrm serve` process: random and mutated PBX requests — every
/// body encoding, invalid UTF-8, NUL and control bytes, duplicate and unknown parameters, huge and
/// deeply nested JSON, with the right token and without — and broken JSON bodies at the API. No
/// answer may be a 5xx or hang; afterwards the process is alive, answers a real `contact` lookup and
/// its resident memory is bounded. Seeded, so a failure replays; `bash Tests/Fuzz/run.sh` runs the
/// in-process decoder fuzzer for as long as one likes.
@Suite(.enabled(if: MiniCRMExecutable.exists, "needs a built minicrm"))
struct LiveFuzzTests {
    static let requests = 6000
    static let seed: UInt64 = 0x5EED_F022

    @Test(.timeLimit(.minutes(2))) func noInputMakesMiniCRMFailOrGrow() async throws {
        let port = ServerProcess.freePort()
        let database = TestServer.temporaryDatabase()
        defer { TestServer.removeDatabase(at: database) }
        let server = try await ServerProcess.start(
            executable: MiniCRMExecutable.path,
            arguments: ["serve", "--port", "\(port)", "--database", database, "--log-level", "error", "--crm-token", "fuzz-token"], port: port
        )
        defer { Task { await server.stop() } }
        let client = APIClient(baseURL: server.baseURL)
        var generator = SeededGenerator(seed: Self.seed)
        var failures: [String] = []
        for index in 0..<Self.requests {
            let (path, contentType, body) = FuzzInput.next(&generator, token: index.isMultiple(of: 2) ? "fuzz-token" : nil)
            let reply = try await client.request(.POST, path, body: body, contentType: contentType)
            if reply.status >= 500 {
                failures.append("#\(index) \(path) \(contentType ?? "-") → \(reply.status) \(reply.text.prefix(200))")
            }
        }
        #expect(failures == [], "answers that were server errors (seed \(Self.seed))")

        // Alive, and still doing its job.
        let lookup = try await client.pbx(["cmd": "contact", "phone": "79161234567", "callid": "FZ-1", "crm_token": "fuzz-token"])
        #expect(lookup.status == 200)
        #expect(lookup.text.contains("contact_name"))
        let rss = try #require(Self.residentMegabytes(pid: server.pid))
        #expect(rss < 400, "resident memory after the fuzz run: \(rss) MiB")
    }

    static func residentMegabytes(pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }.map { $0 / 1024 }
    }
}

/// One fuzzed request: a path, a content type and a body.
enum FuzzInput {
    static let commands = ["users", "contact", "event", "history", "rating", "", "CONTACT", "unknown"]
    static let names = ["cmd", "phone", "callid", "user", "type", "duration", "status", "link", "start", "diversion", "ext", "rating",
                        "telnum", "groupRealName", "crm_token", "cmd[]", "a b", "", "x\u{0}y", "имя"]
    static let values = ["79161234567", "+7 (916) 123-45-67", "", "INCOMING", "accepted", "Success", "in", "out", "-1", "99999999999999999999",
                         "N\u{0}one", "line\r\nbreak", "\r", "<script>", "ivanov", "ivanov@tenant", "20261203T120000Z", "🙂", "%zz", "+"]

    static func next(_ generator: inout SeededGenerator, token: String?) -> (String, String?, [UInt8]) {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: return ("/api/contacts", "application/json", json(&generator))
        case 1: return ("/api/login", ["application/json", "text/plain", nil].randomElement(using: &generator)!, json(&generator))
        default: break
        }
        var parameters = PBXParameters()
        parameters.append("cmd", commands.randomElement(using: &generator)!)
        for _ in 0..<Int.random(in: 0...12, using: &generator) {
            parameters.append(names.randomElement(using: &generator)!, values.randomElement(using: &generator)!)
        }
        if let token { parameters.append("crm_token", token) }
        let encoding = [BodyEncoding.form, .multipart, .json].randomElement(using: &generator)!
        var (contentType, body) = encoding.encode(parameters)
        mutate(&body, &generator)
        if Bool.random(using: &generator) { contentType = ["application/x-www-form-urlencoded", "multipart/form-data; boundary=B",
                                                           "application/json", "text/plain"].randomElement(using: &generator)! }
        let query = Bool.random(using: &generator) ? "?" + FormURLEncoding.encode(parameters) : ""
        return ("/crm_integration" + query, contentType, body)
    }

    /// A JSON body: valid, broken, or nested far deeper than any request needs.
    static func json(_ generator: inout SeededGenerator) -> [UInt8] {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return Array((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)
        case 1: return Array(#"{"name":"\#(values.randomElement(using: &generator)!)","phones":[1,{"a":null}]}"#.utf8)
        case 2: return Array(#"{"login":"admin","password":"#.utf8) + [0xFF, 0xFE, 0x00]
        default:
            var body = Array(#"{"name":"Fuzz","phones":["+79161234567"],"company":"x"}"#.utf8)
            mutate(&body, &generator)
            return body
        }
    }

    /// A few random insertions, deletions and replacements, invalid UTF-8 included.
    static func mutate(_ body: inout [UInt8], _ generator: inout SeededGenerator) {
        for _ in 0..<Int.random(in: 0...4, using: &generator) {
            let position = Int.random(in: 0...body.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: body.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            case 1: if position < body.count { body.remove(at: position) }
            default: if position < body.count { body[position] = UInt8.random(in: 0...255, using: &generator) }
            }
        }
    }
}
