import CRMCore
import Foundation
import PBXProtocol
import Testing

/// A line of the PBX's own history as the call MiniCRM files, and which filed call is its leg.
@Suite struct HistorySyncRuleTests {
    static let start = Date(timeIntervalSince1970: 1_796_112_000)

    func line(_ type: PBXHistoryCallType, duration: Int, record: String? = nil) -> PBXHistoryRecord {
        PBXHistoryRecord(
            uid: "U-1", type: type, client: "+79161234567", account: "ivanov@acme.example", via: "74951234500", start: Self.start,
            wait: 7, duration: duration, record: record)
    }

    @Test func theStatusIsOnlyWhatTheLineSaysForCertain() {
        #expect(line(.missed, duration: 0).history(user: "ivanov").status == .missed)
        #expect(line(.incoming, duration: 0).history(user: "ivanov").status == .success)
        #expect(line(.outgoing, duration: 42).history(user: "ivanov").status == .success)
        // Busy, unanswered or cancelled: the line cannot tell, so a later push must.
        #expect(line(.outgoing, duration: 0).history(user: "ivanov").status == nil)
    }

    @Test func theLineBecomesTheHistoryAPBXWouldPush() {
        let incoming = line(.incoming, duration: 42, record: "https://pbx.example/rec/U-1.mp3").history(user: "ivanov")
        #expect(incoming.callid == "U-1" && incoming.user == "ivanov" && incoming.direction == .incoming)
        #expect(incoming.phone.value == "+79161234567" && incoming.duration == 42 && incoming.start == Self.start)
        #expect(incoming.diversion == "74951234500" && incoming.telnum == nil)
        #expect(incoming.links == ["https://pbx.example/rec/U-1.mp3"] && incoming.extras == ["wait": "7"])
        let outgoing = line(.outgoing, duration: 5).history(user: "ivanov")
        #expect(outgoing.direction == .outgoing && outgoing.telnum == "74951234500" && outgoing.diversion == nil && outgoing.links.isEmpty)
    }

    func filed(user: String, manager: ManagerID?) -> Call {
        Call(
            id: 1, callid: "U-1", user: user, manager: manager, direction: .incoming, phone: PhoneNumber("+79161234567"), contact: nil,
            contactName: nil, diversion: nil, start: Self.start, duration: 0, status: nil, recordings: [], ext: nil, telnum: nil,
            groupRealName: nil, rating: nil, extras: [:], receivedAt: Self.start, updatedAt: Self.start)
    }

    @Test func theSameManagerOrTheSameLoginIsTheSameLeg() {
        #expect(filed(user: "ivanov", manager: "ivanov").isLeg(of: "ivanov@acme.example", manager: "ivanov"))
        #expect(filed(user: "7", manager: "ivanov").isLeg(of: "ivanov", manager: "ivanov"))
        #expect(filed(user: "pbx", manager: nil).isLeg(of: "pbx@acme.example", manager: nil))
        #expect(filed(user: "PBX@acme.example", manager: nil).isLeg(of: "pbx", manager: nil))
        #expect(!filed(user: "ivanov", manager: "ivanov").isLeg(of: "smirnova", manager: "smirnova"))
        #expect(!filed(user: "pbx", manager: nil).isLeg(of: "smirnova@acme.example", manager: "smirnova"))
    }
}
