import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

/// The fake PBX's own call history and later commands, as a CRM posts them.
@Suite struct FakePBXHistoryTests {
    @Test func aPlacedCallIsPushedWithItsClidAndKeptInTheHistoryCSV() async throws {
        try await withStubCRM { crm in
            try await withFakePBX { pbx in
                let token = try await pbx.connect(crmURL: crm.url)
                let placed = try await Browser.form(
                    pbx.commandURL, ["cmd": "makeCall", "phone": "79101234567", "user": "petrova", "clid": "74951234599", "token": token])
                let callid = try #require((placed.json as? [String: Any])?["callid"] as? String)
                let pushed = try await crm.requests(count: 4)
                #expect(pushed.filter { $0["callid"] == callid }.allSatisfy { $0["telnum"] == "74951234599" })
                // The PBX files the call once its last push is answered.
                #expect(try await pbx.playedBack(callid))

                let answer = try await Browser.form(pbx.commandURL, ["cmd": "history", "period": "today", "token": token])
                #expect(answer.status == 200)
                #expect(answer.headers.first(name: "Content-Type") == "text/csv; charset=utf-8")
                let records = try PBXHistoryRecord.parse(csv: answer.text)
                #expect(records.map(\.uid) == [callid])
                #expect(records.first?.account == "petrova")
                #expect(records.first?.via == "74951234599")
                #expect(records.first?.duration == 0)
                #expect(answer.text.hasSuffix("\r\n"))
            }
        }
    }

    @Test func theLaterCommandsNeedTheTokenAndWellFormedParameters() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect()
            #expect(try await Browser.form(pbx.commandURL, ["cmd": "history", "period": "today"]).status == 401)
            #expect(try await Browser.form(pbx.commandURL, ["cmd": "history", "period": "decade", "token": token]).status == 400)
            #expect(try await Browser.form(pbx.commandURL, ["cmd": "get_dnd", "token": token]).status == 400)
            let ok = try await Browser.form(pbx.commandURL, ["cmd": "set_dnd", "user": "ivanov", "state": "on", "token": token])
            #expect(ok.status == 200 && ok.text == "OK")
            #expect(await pbx.state.doNotDisturb(account: "ivanov") == .on)
            let subscribed = try await Browser.form(
                pbx.commandURL, ["cmd": "subscribeOnCalls", "user": "kozlov", "group_id": "support", "status": "off", "token": token])
            #expect(subscribed.text == "OK")
            let status = try await Browser.form(
                pbx.commandURL, ["cmd": "subscriptionStatus", "user": "kozlov", "group_id": "support", "token": token])
            #expect(status.text == #"{"status":"off"}"#)
        }
    }
}
