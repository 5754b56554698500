import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

@testable import CRMServer

/// Events for one call race and repeat: none of that may fail a request or reopen a closed pop-up.
@Suite struct EventOrderingTests {
    private func event(_ type: String, callid: String, user: String = Seed.ivanov, token: String) -> PBXParameters {
        ["cmd": "event", "type": type, "phone": Seed.smirnovPhone, "user": user, "callid": callid, "crm_token": token]
    }

    private func openLegs(_ server: TestServer, callid: String) async throws -> [String: String] {
        let legs = try await server.crm.store.legs(open: true, updatedSince: Date(timeIntervalSince1970: 0), manager: nil, limit: nil).filter { $0.callid == callid }
        return Dictionary(uniqueKeysWithValues: legs.map { ($0.user, $0.state.rawValue) })
    }

    @Test(arguments: [
        // (sequence, whether each event moved the leg, open state afterwards)
        (["INCOMING", "INCOMING", "INCOMING"], [true, false, false], "INCOMING"),
        (["ACCEPTED", "INCOMING"], [true, false], "ACCEPTED"),
        (["INCOMING", "COMPLETED", "INCOMING", "ACCEPTED"], [true, true, false, false], nil),
        (["COMPLETED", "INCOMING", "ACCEPTED", "COMPLETED"], [true, false, false, false], nil),
        (["INCOMING", "ACCEPTED", "COMPLETED", "CANCELLED"], [true, true, true, false], nil),
        (["CANCELLED", "INCOMING"], [true, false], nil),
        (["incoming", "Accepted", "ACCEPTED"], [true, true, false], "ACCEPTED"),
    ] as [([String], [Bool], String?)])
    func lateAndRepeatedEventsNeverFailAndNeverReopen(sequence: [String], applied: [Bool], openState: String?) async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            for type in sequence {
                let reply = try await pbx.pbx(event(type, callid: "ORD-1", token: server.crmToken))
                #expect(reply.status == 200)
                #expect(reply.text == "{}")
            }
            #expect(try await openLegs(server, callid: "ORD-1") == (openState.map { [Seed.ivanov: $0] } ?? [:]))
            let admin = try await APIClient.admin(server)
            let events = try await admin.get("/api/events?callid=ORD-1").items
            #expect(events.map { $0["type"] as? String } == sequence.map { $0.uppercased() })
            #expect(events.map { $0["applied"] as? Bool } == applied)
        }
    }

    @Test func aRingGroupClosesEveryPopUpButTheAnsweredOneUntilItEnds() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            let token = server.crmToken
            for user in [Seed.smirnova, Seed.petrova, Seed.kozlov] {
                _ = try await pbx.pbx(event("INCOMING", callid: "RG-1", user: user, token: token))
            }
            _ = try await pbx.pbx(event("ACCEPTED", callid: "RG-1", user: Seed.petrova, token: token))
            _ = try await pbx.pbx(event("CANCELLED", callid: "RG-1", user: Seed.smirnova, token: token))
            // The PBX repeats the INCOMING of a leg already cancelled: it stays closed.
            _ = try await pbx.pbx(event("INCOMING", callid: "RG-1", user: Seed.smirnova, token: token))
            _ = try await pbx.pbx(event("CANCELLED", callid: "RG-1", user: Seed.kozlov, token: token))
            #expect(try await openLegs(server, callid: "RG-1") == [Seed.petrova: "ACCEPTED"])
            _ = try await pbx.pbx(event("COMPLETED", callid: "RG-1", user: Seed.petrova, token: token))
            #expect(try await openLegs(server, callid: "RG-1").isEmpty)
        }
    }

    @Test func eventsArrivingAtOnceAllSucceedAndTheLegEndsClosed() async throws {
        try await withServer(seed: true) { server in
            let token = server.crmToken
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for round in 0..<3 {
                    for type in ["INCOMING", "ACCEPTED", "COMPLETED"] {
                        group.addTask {
                            try await APIClient(baseURL: server.baseURL).pbx(event(type, callid: "RACE-\(round)", token: token)).status
                        }
                    }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses == Array(repeating: 200, count: 9))
            for round in 0..<3 {
                #expect(try await openLegs(server, callid: "RACE-\(round)").isEmpty)
            }
        }
    }

    @Test func aHistoryPostedFiveTimesIsOneCall() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            for attempt in 0..<5 {
                let reply = try await pbx.pbx([
                    "cmd": "history", "type": "in", "status": "Success", "phone": Seed.smirnovPhone, "user": Seed.ivanov,
                    "duration": "\(60 + attempt)", "callid": "FIVE-1", "start": "20261201T100000Z", "crm_token": server.crmToken,
                ])
                #expect(reply.status == 200)
            }
            let admin = try await APIClient.admin(server)
            let calls = try await admin.calls(callid: "FIVE-1")
            #expect(calls.count == 1)
            #expect(calls.first?["duration"] as? Int == 64)
            let all = try await admin.get("/api/calls?limit=500")
            #expect(all.items.filter { $0["callid"] as? String == "FIVE-1" }.count == 1)
        }
    }

    @Test func theHistoryClosesAPopUpWhoseLastEventWasLost() async throws {
        try await withServer(seed: true) { server in
            let pbx = APIClient(baseURL: server.baseURL)
            _ = try await pbx.pbx(event("INCOMING", callid: "LOST-1", token: server.crmToken))
            _ = try await pbx.pbx(event("ACCEPTED", callid: "LOST-1", token: server.crmToken))
            #expect(try await openLegs(server, callid: "LOST-1") == [Seed.ivanov: "ACCEPTED"])
            _ = try await pbx.pbx([
                "cmd": "history", "type": "in", "phone": Seed.smirnovPhone, "user": Seed.ivanov, "duration": "10", "callid": "LOST-1",
                "crm_token": server.crmToken,
            ])
            #expect(try await openLegs(server, callid: "LOST-1").isEmpty)
            _ = try await pbx.pbx(event("ACCEPTED", callid: "LOST-1", token: server.crmToken))
            #expect(try await openLegs(server, callid: "LOST-1").isEmpty)
        }
    }
}
