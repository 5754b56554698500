import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// Latencies under an attack, which only mean something on a quiet machine: `Tests/test.sh` runs
/// this suite on its own, after every other suite has finished (`--filter TimedUnderLoadTests`).
@Suite struct TimedUnderLoadTests {
    /// 30 000 distinct names in a 79 KB query and a 64 KiB body once cost 12 s of CPU each.
    @Test func thirtyThousandNamesCostNothingAndContactKeepsAnswering() async throws {
        try await withServer(seed: true) { server in
            let query = (0..<7_500).map { "q\($0)=" }.joined(separator: "&")
            let body = Array((0..<22_500).map { "b\($0)=" }.joined(separator: "&").prefix(64 * 1024 - 1).utf8)
            let pbx = APIClient(baseURL: server.baseURL)
            let contactRequest: PBXParameters = ["cmd": "contact", "phone": "79161234567", "callid": "BUSY", "crm_token": server.crmToken]
            _ = try await pbx.pbx(contactRequest)

            let (floods, contacts) = try await withThrowingTaskGroup(of: Void.self) { group in
                let floods = Timings()
                let contacts = Timings()
                for _ in 0..<2 {
                    group.addTask {
                        let sender = APIClient(baseURL: server.baseURL)
                        for _ in 0..<10 {
                            let reply = try await floods.time {
                                try await sender.request(.POST, "/crm_integration?" + query, body: body, contentType: "application/x-www-form-urlencoded")
                            }
                            #expect(reply.status == 400)
                        }
                    }
                }
                group.addTask {
                    for _ in 0..<20 {
                        let reply = try await contacts.time { try await pbx.pbx(contactRequest) }
                        #expect(reply.status == 200)
                    }
                }
                try await group.waitForAll()
                return (floods.all, contacts.all)
            }
            // A refused request is read, counted to 257 names, and answered. (Alone on a debug build:
            // 10–20 ms a flood, 1–15 ms a contact; the margins are for a busy test machine.)
            #expect(floods.sorted()[floods.count / 2] < .milliseconds(100), "\(floods)")
            #expect(floods.max()! < .milliseconds(500), "\(floods)")
            #expect(contacts.sorted()[contacts.count / 2] < .milliseconds(50), "\(contacts)")
            #expect(contacts.max()! < .milliseconds(250), "\(contacts)")
        }
    }
}

/// Durations gathered from concurrent tasks.
final class Timings: @unchecked Sendable {
    private let lock = NSLock()
    private var durations: [Duration] = []

    func time<T>(_ work: () async throws -> T) async rethrows -> T {
        let started = ContinuousClock.now
        let value = try await work()
        let elapsed = ContinuousClock.now - started
        lock.withLock { durations.append(elapsed) }
        return value
    }

    var all: [Duration] { lock.withLock { durations } }
}
