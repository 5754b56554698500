import CRMCore
import Foundation
import Testing

/// Seed calls fall in office hours of the seed's time zone, whenever the seed is loaded.
@Suite struct BusinessHoursTests {
    static let moscow = TimeZone(identifier: "Europe/Moscow")!

    /// `2026-12-06 03:00` in Moscow (a Sunday) and the like.
    static func moscowTime(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = moscow
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    static func isWorkingTime(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = moscow
        let parts = calendar.dateComponents([.weekday, .hour], from: date)
        return (2...6).contains(parts.weekday!) && (9..<19).contains(parts.hour!)
    }

    @Test func workingMinutesCountBackThroughOfficeHoursOnly() {
        let hours = BusinessHours(timeZone: Self.moscow)
        let wednesdayNoon = Self.moscowTime("2026-12-02 12:00")
        #expect(hours.moment(workingMinutes: 30, before: wednesdayNoon) == Self.moscowTime("2026-12-02 11:30"))
        // 3 hours back from Wednesday 10:00: one before opening, two from Tuesday's evening.
        #expect(hours.moment(workingMinutes: 180, before: Self.moscowTime("2026-12-02 10:00")) == Self.moscowTime("2026-12-01 17:00"))
        // At night and at weekends the count starts from the last working minute.
        #expect(hours.moment(workingMinutes: 0, before: Self.moscowTime("2026-12-03 03:00")) == Self.moscowTime("2026-12-02 19:00"))
        #expect(hours.moment(workingMinutes: 60, before: Self.moscowTime("2026-12-06 03:00")) == Self.moscowTime("2026-12-04 18:00"))
        #expect(hours.moment(workingMinutes: 600, before: Self.moscowTime("2026-12-07 09:30")) == Self.moscowTime("2026-12-04 09:30"))
    }

    @Test(arguments: ["2026-12-06 03:00", "2026-12-07 08:00", "2026-12-02 12:34", "2026-12-04 23:59", "2026-03-29 02:30"])
    func theDemoSeedsCallsFallInMoscowOfficeHoursWheneverItIsLoaded(now text: String) async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../SeedData/demo.json")
        var seed = try SeedData.load(from: url.standardizedFileURL)
        #expect(seed.timeZone == "Europe/Moscow")
        seed.managers = []  // no passwords to hash: only the calls matter here
        let now = Self.moscowTime(text)
        let starts = await seed.importBatch(defaultCountry: .russia, now: now).calls.compactMap(\.request.start)
        #expect(starts.count == seed.calls?.count)
        for start in starts {
            #expect(Self.isWorkingTime(start), "\(start) is outside Moscow office hours")
            #expect(start <= now)
        }
    }
}
