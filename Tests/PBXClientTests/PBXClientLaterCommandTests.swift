import Foundation
import PBXClient
import PBXProtocol
import PBXTools
import Testing

/// The commands later versions of the PBX API added, over real HTTP against the fake PBX.
@Suite struct PBXClientLaterCommandTests {
    /// The CRM of `PBXLoginRequest.admin()` is down (nothing listens on port 9): the PBX's own
    /// history still has every call it placed, which is what a CRM syncs from once it is back.
    @Test func historyHasTheCallsPlacedWhileTheCRMWasDown() async throws {
        try await withFakePBX(configure: { $0.tenantDomain = "ats.example" }) { pbx in
            try await withClient(pbx.baseURL) { client in
                let token = try await client.login(.admin()).token
                let before = Date().addingTimeInterval(-1)
                let first = try #require(try await client.makeCall(MakeCallRequest(phone: PhoneNumber("89101234567"), user: "ivanov"), token: token).callid)
                let second = try #require(
                    try await client.makeCall(MakeCallRequest(phone: PhoneNumber("79167654321"), user: "smirnova", clid: "74951234599"), token: token)
                        .callid)
                #expect(try await pbx.playedBack(first))
                #expect(try await pbx.playedBack(second))
                let steps = try #require(await pbx.state.snapshot().playbacks.first { $0.callid == first }?.steps)
                #expect(steps.count == 4 && steps.allSatisfy { $0.status == nil && $0.error != nil }, "the CRM was down: \(steps)")

                let records = try await client.history(PBXHistoryRequest(start: before, end: nil), token: token)
                #expect(Set(records.map(\.uid)) == [first, second])
                let ivanov = try #require(records.first { $0.uid == first })
                #expect(ivanov.type == .outgoing)
                #expect(ivanov.client == "+79101234567")
                #expect(ivanov.account == "ivanov@ats.example")
                #expect(ivanov.via == "74951234501")
                #expect(ivanov.utcOffset == 3 * 3600)
                #expect(ivanov.record?.hasPrefix("\(pbx.baseURL)/recordings/\(first).wav") == true)
                #expect(abs(ivanov.start.timeIntervalSince(before)) < 60)
                #expect(records.first { $0.uid == second }?.via == "74951234599")

                #expect(try await client.history(PBXHistoryRequest(window: .period(.today)), token: token).count == 2)
                #expect(try await client.history(PBXHistoryRequest(start: nil, end: before), token: token).isEmpty)
                #expect(try await client.history(PBXHistoryRequest(start: before, end: nil, type: .missed), token: token).isEmpty)
                #expect(try await client.history(PBXHistoryRequest(start: before, end: nil, limit: 1), token: token).map(\.uid) == [first])
            }
        }
    }

    @Test func subscriptionsAreKeptPerGroup() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let token = try await client.login(.admin()).token
                let sales = SubscriptionStatusRequest(user: "ivanov", groupID: "sales")
                #expect(try await client.subscriptionStatus(sales, token: token) == .on)
                try await client.subscribeOnCalls(SubscribeOnCallsRequest(user: "ivanov", groupID: "sales", status: .off), token: token)
                #expect(try await client.subscriptionStatus(sales, token: token) == .off)
                #expect(try await client.subscriptionStatus(SubscriptionStatusRequest(user: "smirnova", groupID: "sales"), token: token) == .on)
                // Without a group: every group the user is in.
                try await client.subscribeOnCalls(SubscribeOnCallsRequest(user: "ivanov", status: .on), token: token)
                #expect(try await client.subscriptionStatus(sales, token: token) == .on)

                let notAMember = await clientError {
                    _ = try await client.subscriptionStatus(SubscriptionStatusRequest(user: "ivanov", groupID: "support"), token: token)
                }
                #expect(notAMember == .invalidParameters)
                let wrongToken = await clientError { _ = try await client.subscriptionStatus(sales, token: "wrong") }
                #expect(wrongToken == .invalidToken)
            }
        }
    }

    @Test func doNotDisturbIsSetAndRead() async throws {
        try await withFakePBX { pbx in
            try await withClient(pbx.baseURL) { client in
                let token = try await client.login(.admin()).token
                #expect(try await client.getDND(GetDNDRequest(user: "kozlov"), token: token) == .off)
                try await client.setDND(SetDNDRequest(user: "kozlov", state: .on), token: token)
                #expect(try await client.getDND(GetDNDRequest(user: "kozlov"), token: token) == .on)
                #expect(try await client.getDND(GetDNDRequest(user: "volkova"), token: token) == .off)
                try await client.setDND(SetDNDRequest(user: "kozlov", state: .off), token: token)
                #expect(try await client.getDND(GetDNDRequest(user: "kozlov"), token: token) == .off)
                let unknown = await clientError { try await client.setDND(SetDNDRequest(user: "nobody", state: .on), token: token) }
                #expect(unknown == .invalidParameters)
            }
        }
    }

    /// A PBX whose history answer is not the CSV it should be: the client says so rather than syncing half of it.
    @Test func aMalformedHistoryAnswerIsNamed() async throws {
        let answer = CannedHTTPServer.response(status: "200 OK", body: "A,in,7916\n", contentType: "text/csv")
        try await CannedHTTPServer.with(.answer(answer)) { server in
            try await withClient(server.baseURL) { client in
                let error = await clientError { _ = try await client.history(PBXHistoryRequest(), token: "t") }
                guard case .malformedResponse(let excerpt)? = error else {
                    Issue.record("expected malformedResponse, got \(String(describing: error))")
                    return
                }
                #expect(excerpt.contains("line 1"))
            }
        }
    }
}
