import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

/// Every closed leg on `/api/stream` says why it ended, and a leg whose reason later events or a
/// history showed wrong gets a correcting message — over live sockets.
@Suite struct StreamReasonTests {
    let streams = StreamTests()

    func post(_ server: TestServer, _ parameters: PBXParameters) async throws {
        var parameters = parameters
        parameters.append("crm_token", server.crmToken)
        #expect(try await APIClient(baseURL: server.baseURL).form("/crm_integration", parameters).status == 200)
    }

    /// The next `event: call` of `callid` as (state, reason); nil values as "nil".
    func nextCall(_ stream: EventStreamClient) async -> String? {
        guard let message = await stream.next() else { return nil }
        let state = message.json["state"] as? String ?? "nil"
        return "\(message.json["user"] as? String ?? "?") \(state) \(message.json["reason"] as? String ?? "nil")"
    }

    @Test func aCancelledRacingAheadOfTheAnswerIsCorrectedToAnsweredElsewhere() async throws {
        try await withServer(seed: true) { server in
            let ivanov = try await streams.stream(server, try await streams.session(server, "ivanov"))
            let petrova = try await streams.stream(server, try await streams.session(server, "petrova"))
            let board = try await streams.stream(server, try await streams.session(server, "admin", "admin"), query: "?all=1")

            try await streams.event(server, "INCOMING", user: "ivanov", callid: "RACE-1")
            try await streams.event(server, "INCOMING", user: "petrova", callid: "RACE-1")
            // petrova's leg stops ringing before the PBX reports that ivanov answered.
            try await streams.event(server, "CANCELLED", user: "petrova", callid: "RACE-1")
            try await streams.event(server, "ACCEPTED", user: "ivanov", callid: "RACE-1")
            try await streams.event(server, "COMPLETED", user: "ivanov", callid: "RACE-1")

            #expect(await nextCall(petrova) == "petrova INCOMING nil")
            #expect(await nextCall(petrova) == "petrova CANCELLED missed")
            #expect(await nextCall(petrova) == "petrova CANCELLED answered_elsewhere")
            #expect(await petrova.next(timeout: .milliseconds(200)) == nil)
            #expect(await nextCall(ivanov) == "ivanov INCOMING nil")
            #expect(await nextCall(ivanov) == "ivanov ACCEPTED nil")
            #expect(await nextCall(ivanov) == "ivanov COMPLETED completed")
            var seen: [String] = []
            for _ in 0..<6 { seen.append(await nextCall(board) ?? "nothing") }
            #expect(seen == [
                "ivanov INCOMING nil", "petrova INCOMING nil", "petrova CANCELLED missed", "ivanov ACCEPTED nil",
                "petrova CANCELLED answered_elsewhere", "ivanov COMPLETED completed",
            ])
            for stream in [ivanov, petrova, board] { await stream.close() }
        }
    }

    @Test func aReconnectGetsTheCorrectionAndAFreshTabGetsTheReasonInItsSnapshot() async throws {
        try await withServer(seed: true) { server in
            let petrovaSession = try await streams.session(server, "petrova")
            let first = try await streams.stream(server, petrovaSession)
            try await streams.event(server, "INCOMING", user: "petrova", callid: "RACE-2")
            try await streams.event(server, "INCOMING", user: "ivanov", callid: "RACE-2")
            try await streams.event(server, "CANCELLED", user: "petrova", callid: "RACE-2")
            let ringing = try #require(await first.next())
            await first.close()
            try await streams.event(server, "ACCEPTED", user: "ivanov", callid: "RACE-2")

            let reconnected = try await streams.stream(server, petrovaSession, lastEventID: ringing.id)
            #expect(await nextCall(reconnected) == "petrova CANCELLED missed")
            #expect(await nextCall(reconnected) == "petrova CANCELLED answered_elsewhere")
            await reconnected.close()

            let fresh = try await streams.stream(server, petrovaSession, readSnapshot: false)
            let snapshot = try #require(await fresh.next())
            #expect(snapshot.event == "snapshot")
            let closed = try #require(snapshot.json["closed"] as? [[String: String]])
            #expect(closed == [["callid": "RACE-2", "user": "petrova", "reason": "answered_elsewhere"]])
            #expect((snapshot.json["open"] as? [Any])?.isEmpty == true)
            await fresh.close()
        }
    }

    @Test func aHistoryCorrectsLegsWhoseEventsNeverSaidWhoAnswered() async throws {
        try await withServer(seed: true) { server in
            let ivanov = try await streams.stream(server, try await streams.session(server, "ivanov"))
            let petrova = try await streams.stream(server, try await streams.session(server, "petrova"))
            for user in ["ivanov", "petrova"] {
                try await streams.event(server, "INCOMING", user: user, callid: "LOST-1")
                try await streams.event(server, "CANCELLED", user: user, callid: "LOST-1")
            }
            try await post(server, [
                "cmd": "history", "type": "in", "status": "Success", "phone": "79161234567", "user": "ivanov", "duration": "61",
                "callid": "LOST-1",
            ])
            #expect(await nextCall(ivanov) == "ivanov INCOMING nil")
            #expect(await nextCall(ivanov) == "ivanov CANCELLED missed")
            #expect(await nextCall(ivanov) == "ivanov CANCELLED completed")
            #expect(await ivanov.next()?.event == "history")
            #expect(await nextCall(petrova) == "petrova INCOMING nil")
            #expect(await nextCall(petrova) == "petrova CANCELLED missed")
            #expect(await nextCall(petrova) == "petrova CANCELLED answered_elsewhere")
            for stream in [ivanov, petrova] { await stream.close() }
        }
    }
}
