import CRMCore
import Foundation
import PBXProtocol
import Testing

/// The history merge and the rating rules, without a database.
@Suite struct CallFilingTests {
    static func history(
        duration: Int = 30, links: [String] = [], start: Date? = nil, status: CallStatus? = nil, ext: String? = nil,
        rating: Int? = nil, extras: [String: String] = [:], receivedAt: Date = Build.t0, manager: ManagerID? = "ivanov",
        contact: Int64? = nil, user: String = "ivanov"
    ) -> ReceivedHistory {
        ReceivedHistory(
            request: HistoryRequest(
                direction: .incoming, user: user, phone: PhoneNumber("79161234567"), duration: duration, callid: "F-1", links: links,
                start: start, status: status, ext: ext, rating: rating, extras: extras
            ),
            manager: manager, contact: contact, receivedAt: receivedAt
        )
    }

    @Test func aFirstHistoryStartedDurationSecondsBeforeItArrivedWhenItHasNoStart() {
        let call = Call.filing(Self.history(duration: 100), over: nil, rating: nil)
        #expect(call.start == Build.t0.addingTimeInterval(-100))
        #expect(call.receivedAt == Build.t0)
        #expect(call.manager == "ivanov")
    }

    @Test func aRepeatKeepsWhatItLeavesOut() {
        let first = Call.filing(
            Self.history(links: ["https://r.example/a.mp3"], start: Build.t0, status: .success, ext: "101", extras: ["wait": "3"], contact: 7),
            over: nil, rating: nil
        )
        let later = Build.t0.addingTimeInterval(60)
        let repeated = Call.filing(Self.history(duration: 31, receivedAt: later, manager: nil), over: first, rating: nil)
        #expect(repeated.duration == 31)
        #expect(repeated.recordings == ["https://r.example/a.mp3"])
        #expect(repeated.status == .success)
        #expect(repeated.ext == "101")
        #expect(repeated.start == Build.t0)
        #expect(repeated.manager == "ivanov")
        #expect(repeated.contact == 7)
        #expect(repeated.extras == ["wait": "3"])
        #expect(repeated.receivedAt == Build.t0)
        #expect(repeated.updatedAt == later)
    }

    @Test func aRepeatReplacesWhatItSays() {
        let first = Call.filing(Self.history(links: ["https://r.example/a.mp3"], status: .missed, extras: ["wait": "3"]), over: nil, rating: nil)
        let repeated = Call.filing(
            Self.history(links: ["https://r.example/b.mp3"], status: .success, extras: ["group": "g_1"]), over: first, rating: nil
        )
        #expect(repeated.recordings == ["https://r.example/b.mp3"])
        #expect(repeated.status == .success)
        #expect(repeated.extras == ["group": "g_1"])
    }

    @Test func aRatingThatCameFirstIsTakenUnlessTheHistoryHasItsOwn() {
        #expect(Call.filing(Self.history(), over: nil, rating: 4).rating == 4)
        #expect(Call.filing(Self.history(rating: 5), over: nil, rating: 4).rating == 5)
        let rated = Call.filing(Self.history(rating: 2), over: nil, rating: nil)
        #expect(Call.filing(Self.history(), over: rated, rating: nil).rating == 2)
    }

    @Test func theLatestRatingForTheUserOrTheWholeCallCounts() {
        let ratings = [
            RatingRequest(callid: "F-1", rating: 1), RatingRequest(callid: "F-1", rating: 2, user: "petrova"),
            RatingRequest(callid: "F-1", rating: 3, user: "ivanov"),
        ]
        #expect(RatingRequest.latest(of: ratings, for: "ivanov") == 3)
        #expect(RatingRequest.latest(of: ratings, for: "petrova") == 2)
        #expect(RatingRequest.latest(of: ratings, for: "kozlov") == 1)
        #expect(RatingRequest.latest(of: [], for: "ivanov") == nil)
    }

    @Test func aRatingRatesItsUsersLegElseTheWholeCall() {
        let ivanov = Call.filing(Self.history(user: "ivanov"), over: nil, rating: nil)
        let petrova = Call.filing(Self.history(manager: "petrova", user: "petrova"), over: nil, rating: nil)
        #expect(RatingRequest(callid: "F-1", rating: 5, user: "petrova").rates([ivanov, petrova]).map(\.user) == ["petrova"])
        #expect(RatingRequest(callid: "F-1", rating: 5, user: "ext-101").rates([ivanov, petrova]).map(\.user) == ["ivanov", "petrova"])
        #expect(RatingRequest(callid: "F-1", rating: 5).rates([ivanov, petrova]).count == 2)
        #expect(RatingRequest(callid: "F-1", rating: 5).rates([]).isEmpty)
    }
}
