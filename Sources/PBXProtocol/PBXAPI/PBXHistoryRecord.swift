import Foundation

/// One call of the PBX's `history` answer, a CSV line `UID,type,client,account,via,start,wait,duration,record`:
///
///     a252179d-…,out,+79002445949,admin@ats.example,+74996861574,2017-07-07T16:14:08+03:00,0,11,
public struct PBXHistoryRecord: Sendable, Equatable {
    /// The call's id: the `callid` its pushed `event`s and `history` carried.
    public var uid: String
    public var type: PBXHistoryCallType
    /// The outside number, as the PBX wrote it.
    public var client: String
    /// The PBX account that took or made the call, often `login@tenant`.
    public var account: String
    /// The company number the call came in on or went out from.
    public var via: String
    public var start: Date
    /// Seconds east of UTC of the time zone `start` was written in: the PBX's own.
    public var utcOffset: Int
    /// Seconds before an answer.
    public var wait: Int
    /// Seconds of conversation.
    public var duration: Int
    /// The recording's URL; nil when there is none (yet).
    public var record: String?

    public init(
        uid: String, type: PBXHistoryCallType, client: String, account: String, via: String, start: Date, utcOffset: Int = 0,
        wait: Int, duration: Int, record: String? = nil
    ) {
        self.uid = uid
        self.type = type
        self.client = client
        self.account = account
        self.via = via
        self.start = start
        self.utcOffset = utcOffset
        self.wait = wait
        self.duration = duration
        self.record = record
    }

    /// The outside number in MiniCRM's canonical form.
    public func phone(defaultCountry: CountryCode = .russia) -> PhoneNumber { PhoneNumber(client, defaultCountry: defaultCountry) }

    /// The fields of one CSV record; fields after the ninth (later versions) are ignored, an empty `record` is none.
    public init(fields: [String]) throws(ProtocolError) {
        guard fields.count >= 8 else { throw .invalidParameters("history: \(fields.count) fields, expected 9") }
        guard let (start, offset) = PBXHistoryTimestamp.parse(fields[5]) else {
            throw .invalidParameters("history: start is not a timestamp: \(fields[5])")
        }
        func seconds(_ index: Int, _ name: String) throws(ProtocolError) -> Int {
            let text = fields[index].trimmingWhitespace
            if text.isEmpty { return 0 }
            guard let value = Int(text), value >= 0 else { throw .invalidParameters("history: \(name) is not a number: \(text)") }
            return value
        }
        let record = fields.count > 8 ? fields[8].trimmingWhitespace : ""
        self.init(
            uid: fields[0].trimmingWhitespace, type: PBXHistoryCallType(rawValue: fields[1].trimmingWhitespace),
            client: fields[2].trimmingWhitespace, account: fields[3].trimmingWhitespace, via: fields[4].trimmingWhitespace,
            start: start, utcOffset: offset, wait: try seconds(6, "wait"), duration: try seconds(7, "duration"),
            record: record.isEmpty ? nil : record
        )
    }

    public var fields: [String] {
        [
            uid, type.rawValue, client, account, via, PBXHistoryTimestamp.format(start, utcOffset: utcOffset), String(wait),
            String(duration), record ?? "",
        ]
    }

    /// A whole `history` answer: one record a line, a header line (`UID,…`) skipped.
    public static func parse(csv text: String) throws(ProtocolError) -> [PBXHistoryRecord] {
        var records = try CommaSeparatedValues.records(in: text)
        if records.first?.first?.trimmingWhitespace.lowercased() == "uid" { records.removeFirst() }
        var parsed: [PBXHistoryRecord] = []
        parsed.reserveCapacity(records.count)
        for (index, fields) in records.enumerated() {
            do {
                parsed.append(try PBXHistoryRecord(fields: fields))
            } catch {
                throw .invalidParameters("line \(index + 1): \(error.reason)")
            }
        }
        return parsed
    }

    /// The answer a PBX sends: CRLF after every line.
    public static func csv(_ records: [PBXHistoryRecord]) -> String {
        records.map { CommaSeparatedValues.line($0.fields) + "\r\n" }.joined()
    }
}

/// `type` of a history line: `in`, `out` or `missed`; others are kept as sent, lower-cased.
public struct PBXHistoryCallType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue.lowercased()
    }

    public static let incoming = PBXHistoryCallType(rawValue: "in")
    public static let outgoing = PBXHistoryCallType(rawValue: "out")
    /// An incoming call nobody answered.
    public static let missed = PBXHistoryCallType(rawValue: "missed")

    public var description: String { rawValue }
}

/// `start` of a history line: local time with its offset, `2017-07-07T16:14:08+03:00`. Also read:
/// `Z`, `+0300`, `+03`, fractions of a second, a space for the `T`, no offset (UTC), and the
/// protocol's compact `20170707T131408Z`.
public enum PBXHistoryTimestamp {
    public static func parse(_ raw: String) -> (date: Date, utcOffset: Int)? {
        let text = raw.trimmingWhitespace
        if let compact = ProtocolTimestamp.parse(text), !text.contains(":") { return (compact, 0) }
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[10])
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < bytes.count, (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            var scale = 0.1
            index += 1
            while index < bytes.count, (48...57).contains(bytes[index]) {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard let offset = utcOffset(bytes[index...]) else { return nil }
        let local = CivilDate.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return (Date(timeIntervalSince1970: TimeInterval(local - offset) + fraction), offset)
    }

    /// `2017-07-07T16:14:08+03:00`, whole seconds.
    public static func format(_ date: Date, utcOffset: Int) -> String {
        let parts = CivilDate(date.addingTimeInterval(TimeInterval(utcOffset)))
        let minutes = abs(utcOffset) / 60
        let local = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second)
        return local + (utcOffset < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// Nothing or `Z`: 0; `+03:00`, `+0300`, `+03`, `-05:30`: seconds east of UTC.
    private static func utcOffset(_ rest: ArraySlice<UInt8>) -> Int? {
        guard let first = rest.first else { return 0 }
        if rest.count == 1, first == UInt8(ascii: "Z") || first == UInt8(ascii: "z") { return 0 }
        guard first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return nil }
        let digits = rest.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard [2, 4].contains(digits.count), digits.allSatisfy({ (48...57).contains($0) }),
            rest.count - 1 - digits.count <= 1
        else { return nil }
        let values = digits.map { Int($0 - 48) }
        let hours = values[0] * 10 + values[1]
        let minutes = values.count == 4 ? values[2] * 10 + values[3] : 0
        guard hours < 24, minutes < 60 else { return nil }
        return (first == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
