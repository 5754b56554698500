import Foundation
import PBXProtocol

/// The calls `minicrm demo` plays: what a sales engineer's audience should see in the first minute —
/// known customers ringing through to their own manager, unknown numbers, missed calls, ring groups,
/// outgoing calls and the odd transfer — with one manager (the one the demo logs in as) busiest.
public struct DemoTraffic: Sendable {
    /// A caller the CRM knows, and the manager it routes to.
    public struct Caller: Sendable, Equatable {
        public var phone: PhoneNumber
        public var responsible: String?

        public init(phone: PhoneNumber, responsible: String?) {
            self.phone = phone
            self.responsible = responsible
        }
    }

    public var callers: [Caller]
    public var managers: [String]
    /// Takes part in every ring group and half of the unknown calls.
    public var favourite: String
    /// `{callid}`, `{user}` and `{duration}` are filled in; it must serve audio that plays.
    public var recordingURL: String
    public var diversion: String
    public var seed: UInt64

    public init(
        callers: [Caller], managers: [String], favourite: String = "ivanov", recordingURL: String, diversion: String = "74951234567",
        seed: UInt64 = UInt64.random(in: 0...UInt64.max)
    ) {
        self.callers = callers
        self.managers = managers.isEmpty ? [favourite] : managers
        self.favourite = favourite
        self.recordingURL = recordingURL
        self.diversion = diversion
        self.seed = seed
    }

    /// Call `number` of the demo.
    public func scenario(number: Int, start: Date = Date()) -> CallScenario {
        var random = SeededGenerator(seed: seed ^ (UInt64(truncatingIfNeeded: number) &* 0x9E37_79B9_7F4A_7C15))
        let roll = Int.random(in: 0..<100, using: &random)
        let known = callers.randomElement(using: &random)
        let owner = known?.responsible.flatMap { managers.contains($0) ? $0 : nil } ?? favourite
        let someone = managers.randomElement(using: &random) ?? favourite
        let stranger = PhoneNumber("79\([03, 05, 15, 16, 26, 77, 85].randomElement(using: &random)!)\(Int.random(in: 1_000_000...9_999_999, using: &random))")
        var call = CallSettings(
            callid: String(format: "DEMO%016llX-%04d", random.next(), number % 10_000),
            phone: known?.phone ?? stranger, users: [owner], diversion: diversion,
            ringTime: .seconds(Int.random(in: 3...9, using: &random)), talkTime: .seconds(Int.random(in: 8...45, using: &random)),
            recordingURL: recordingURL, start: start
        )
        switch roll {
        case 0..<38:
            return .answered(call)
        case 38..<52:
            return .missed(call)
        case 52..<64:
            call.phone = stranger
            call.users = [Bool.random(using: &random) ? favourite : someone]
            return Bool.random(using: &random) ? .answered(call) : .missed(call)
        case 64..<76:
            let others = managers.filter { $0 != favourite }.shuffled(using: &random).prefix(2)
            call.users = [favourite] + others
            call.answeringUser = call.users.randomElement(using: &random)
            return .group(call)
        case 76..<88:
            call.users = [someone]
            return .outgoing(call)
        case 88..<94:
            call.users = [someone]
            return .busy(call)
        default:
            call.users = [favourite, managers.filter { $0 != favourite }.randomElement(using: &random) ?? favourite]
            return .transfer(call)
        }
    }
}
