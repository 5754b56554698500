import Foundation

/// `history` (later versions): the PBX's own record of its calls, for a named `period` or from
/// `start` to `end`, answered as CSV lines (`PBXHistoryRecord`). A CRM uses it to fill in the calls
/// whose `history` push it missed.
public struct PBXHistoryRequest: Sendable, Equatable {
    /// Either a named period or a span; a span may leave either end open.
    public enum Window: Sendable, Equatable {
        case period(PBXHistoryPeriod)
        case span(start: Date?, end: Date?)
    }

    public var window: Window
    public var type: PBXHistoryFilter
    public var limit: Int?

    public init(window: Window = .span(start: nil, end: nil), type: PBXHistoryFilter = .all, limit: Int? = nil) {
        self.window = window
        self.type = type
        self.limit = limit
    }

    /// Calls that started in `start..<end`.
    public init(start: Date?, end: Date?, type: PBXHistoryFilter = .all, limit: Int? = nil) {
        self.init(window: .span(start: start, end: end), type: type, limit: limit)
    }

    public init(parameters: PBXParameters) throws(ProtocolError) {
        let start = try Self.timestamp("start", in: parameters)
        let end = try Self.timestamp("end", in: parameters)
        if let text = parameters.optional("period") {
            guard let period = PBXHistoryPeriod(rawValue: text.lowercased()) else { throw .invalidParameters("unknown period \(text)") }
            guard start == nil, end == nil else { throw .invalidParameters("period and start/end exclude each other") }
            window = .period(period)
        } else {
            window = .span(start: start, end: end)
        }
        let typeText = parameters.optional("type") ?? PBXHistoryFilter.all.rawValue
        guard let type = PBXHistoryFilter(rawValue: typeText.lowercased()) else { throw .invalidParameters("unknown type \(typeText)") }
        self.type = type
        limit = try parameters.count("limit", required: false)
    }

    var parameters: PBXParameters {
        var parameters = PBXParameters()
        switch window {
        case .period(let period):
            parameters.append("period", period.rawValue)
        case .span(let start, let end):
            if let start { parameters.append("start", ProtocolTimestamp.format(start)) }
            if let end { parameters.append("end", ProtocolTimestamp.format(end)) }
        }
        parameters.append("type", type.rawValue)
        if let limit { parameters.append("limit", String(limit)) }
        return parameters
    }

    private static func timestamp(_ name: String, in parameters: PBXParameters) throws(ProtocolError) -> Date? {
        guard let text = parameters.optional(name) else { return nil }
        guard let date = ProtocolTimestamp.parse(text) else { throw .invalidParameters("\(name) is not YYYYmmddTHHMMSSZ: \(text)") }
        return date
    }
}

/// The named periods of `history`, in the PBX's own time zone; weeks start on Monday.
public enum PBXHistoryPeriod: String, Sendable, CaseIterable {
    case today, yesterday
    case thisWeek = "this_week", lastWeek = "last_week"
    case thisMonth = "this_month", lastMonth = "last_month"

    /// The period around `now` in a time zone `utcOffset` seconds east of UTC.
    public func interval(containing now: Date, utcOffset: Int) -> Range<Date> {
        let local = Int(now.timeIntervalSince1970.rounded(.down)) + utcOffset
        let today = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        // 1970-01-01 was a Thursday: Monday is three days later in the week's cycle.
        let monday = today - ((today + 3) % 7 + 7) % 7
        let civil = CivilDate(Date(timeIntervalSince1970: TimeInterval(today * 86_400)))
        let firstOfMonth = today - (civil.day - 1)
        let firstOfLastMonth = CivilDate.daysFromCivil(
            year: civil.month == 1 ? civil.year - 1 : civil.year, month: civil.month == 1 ? 12 : civil.month - 1, day: 1)
        let days: Range<Int> =
            switch self {
            case .today: today..<today + 1
            case .yesterday: today - 1..<today
            case .thisWeek: monday..<monday + 7
            case .lastWeek: monday - 7..<monday
            case .thisMonth: firstOfMonth..<firstOfMonth + CivilDate.daysIn(month: civil.month, year: civil.year)
            case .lastMonth: firstOfLastMonth..<firstOfMonth
            }
        func instant(_ day: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(day * 86_400 - utcOffset)) }
        return instant(days.lowerBound)..<instant(days.upperBound)
    }
}

/// `type` of a `history` request: which calls to list.
public enum PBXHistoryFilter: String, Sendable, CaseIterable {
    case all, incoming = "in", outgoing = "out", missed

    public func includes(_ type: PBXHistoryCallType) -> Bool {
        switch self {
        case .all: true
        case .incoming: type == .incoming
        case .outgoing: type == .outgoing
        case .missed: type == .missed
        }
    }
}
