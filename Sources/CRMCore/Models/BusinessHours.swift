import Foundation

/// Working hours — Monday to Friday, 09:00 to 19:00 in a time zone — for placing a seed's calls
/// where a real office would have had them.
public struct BusinessHours: Sendable {
    public var timeZone: TimeZone
    public var opens = 9
    public var closes = 19

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The moment `minutes` working minutes before `now`, counting back through working hours only
    /// (so never in the future, and later for fewer minutes).
    public func moment(workingMinutes minutes: Int, before now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var remaining = TimeInterval(max(minutes, 0)) * 60
        var end = now
        // A year of working days is far beyond any seed; the bound only keeps a bad input finite.
        for _ in 0..<400 {
            let day = calendar.startOfDay(for: end)
            let open = calendar.date(bySettingHour: opens, minute: 0, second: 0, of: day) ?? day
            let close = calendar.date(bySettingHour: closes, minute: 0, second: 0, of: day) ?? day
            if !calendar.isDateInWeekend(day), end > open {
                let until = min(end, close)
                let available = until.timeIntervalSince(open)
                if remaining <= available { return until.addingTimeInterval(-remaining) }
                remaining -= available
            }
            end = calendar.date(byAdding: .second, value: -1, to: day) ?? day.addingTimeInterval(-1)
        }
        return end
    }
}
