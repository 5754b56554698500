import Foundation
import GRDB
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMStore

/// SIGKILL in the middle of concurrent `history` and `event` writes: after a restart, every write
/// that was acknowledged is there exactly once, and nothing is there twice.
@Suite struct CrashTests {
    @Test(.timeLimit(.minutes(3))) func everyAcknowledgedWriteSurvivesSIGKILLExactlyOnce() async throws {
        guard MiniCRMExecutable.exists else {
            Issue.record("build minicrm first (bash Tests/test.sh)")
            return
        }
        let path = TestServer.temporaryDatabase()
        defer { TestServer.removeDatabase(at: path) }
        var acknowledged = Acknowledged()
        for round in 0..<2 {
            let ready = path + ".ready-\(round)"
            defer { try? FileManager.default.removeItem(atPath: ready) }
            let server = try CommandProcess([
                "serve", "--port", "0", "--database", path, "--crm-token", "crash-token", "--log-level", "error", "--ready-file", ready,
            ])
            let url = try #require(try await server.waitForURL(readyFile: ready))
            // Killed while every writer still has a request in flight.
            let acked = await Self.write(to: url, round: round, writers: 8, killAfter: 200) { _ = await server.kill() }
            acknowledged.merge(acked)
        }
        #expect(acknowledged.histories.count >= 400)
        #expect(acknowledged.events.count >= 400)

        // The restarted server: it starts on the killed database and serves what was stored.
        let ready = path + ".ready-final"
        defer { try? FileManager.default.removeItem(atPath: ready) }
        let server = try CommandProcess(["serve", "--port", "0", "--database", path, "--crm-token", "crash-token", "--log-level", "error", "--ready-file", ready])
        let url = try #require(try await server.waitForURL(readyFile: ready))
        let probe = try await APIClient(baseURL: url).form("/crm_integration", ["cmd": "users", "crm_token": "crash-token"])
        #expect(probe.status == 200)
        _ = await server.stop()

        let queue = try DatabaseQueue(path: path)
        let expected = acknowledged
        try await queue.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let calls = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT callid, count(*) FROM call GROUP BY callid").map { ($0[0] as String, $0[1] as Int) })
            let events = try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT callid, count(*) FROM call_event GROUP BY callid").map { ($0[0] as String, $0[1] as Int) })
            let lostCalls = expected.histories.filter { calls[$0] != 1 }
            let lostEvents = expected.events.filter { events[$0] != 1 }
            #expect(lostCalls.isEmpty, "acknowledged history not stored exactly once: \(lostCalls.prefix(5))")
            #expect(lostEvents.isEmpty, "acknowledged event not stored exactly once: \(lostEvents.prefix(5))")
            #expect(calls.values.allSatisfy { $0 == 1 })
            #expect(events.values.allSatisfy { $0 == 1 })
        }
    }

    struct Acknowledged {
        var histories: Set<String> = []
        var events: Set<String> = []

        mutating func merge(_ other: Acknowledged) {
            histories.formUnion(other.histories)
            events.formUnion(other.events)
        }
    }

    /// Writers posting unique `history` and `event` requests until the server dies, which `kill`
    /// makes happen once `killAfter` of each were answered 200.
    static func write(to url: String, round: Int, writers: Int, killAfter count: Int, kill: @escaping @Sendable () async -> Void) async
        -> Acknowledged
    {
        let client = APIClient(baseURL: url)
        let done = Counter()
        return await withTaskGroup(of: (history: Bool, callids: [String]).self) { group in
            group.addTask {
                while done.value(true) < count || done.value(false) < count { try? await Task.sleep(for: .milliseconds(5)) }
                await kill()
                return (true, [])
            }
            for writer in 0..<writers {
                group.addTask {
                    var acked: [String] = []
                    var sequence = 0
                    let isHistory = writer % 2 == 0
                    while true {
                        sequence += 1
                        let callid = "K\(round)-\(writer)-\(sequence)"
                        let parameters: PBXParameters = isHistory
                            ? ["cmd": "history", "type": "in", "user": "u\(writer)", "phone": "7916\(String(format: "%07d", sequence))",
                               "duration": "5", "callid": callid, "crm_token": "crash-token"]
                            : ["cmd": "event", "type": "INCOMING", "user": "u\(writer)", "phone": "79160000000", "callid": callid, "crm_token": "crash-token"]
                        guard let reply = try? await client.form("/crm_integration", parameters) else { break }
                        guard reply.status == 200 else { break }
                        acked.append(callid)
                        done.add(isHistory)
                    }
                    return (isHistory, acked)
                }
            }
            var result = Acknowledged()
            for await (isHistory, callids) in group {
                if isHistory { result.histories.formUnion(callids) } else { result.events.formUnion(callids) }
            }
            return result
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var counts = [false: 0, true: 0]

        func add(_ history: Bool) { lock.withLock { counts[history, default: 0] += 1 } }
        func value(_ history: Bool) -> Int { lock.withLock { counts[history] ?? 0 } }
    }
}
