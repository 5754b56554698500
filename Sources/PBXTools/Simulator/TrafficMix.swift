import Foundation
import PBXProtocol

/// A realistic mix of calls for `simulate random`, the demo's background traffic and benchmarks.
///
/// Each call is drawn from its own generator, seeded by the mix's seed and the call's number, so
/// call 17 of a run is the same call whichever order the calls start in.
public struct TrafficMix: Sendable {
    /// How often each kind of call happens, relative to the others.
    public var weights: [ScenarioKind: Int]
    /// Who takes the calls: CRM user ids or PBX accounts.
    public var users: [String]
    /// Callers the CRM knows; a call comes from one of them with `knownCallerShare`, otherwise from a random number.
    public var knownPhones: [PhoneNumber]
    public var knownCallerShare: Double
    public var ringTime: ClosedRange<Double>
    public var talkTime: ClosedRange<Double>
    /// The largest ring group.
    public var maxGroupSize: Int
    /// Calls do not all start on the same instant: each waits up to this long first.
    public var maxLeadIn: Double
    public var diversion: String?
    public var recordingURL: String?
    public var callidPrefix: String
    /// Callids as real PBXes make them (`28187487-edcf-…`, `HLH8HFM77S000035`) instead of
    /// `callidPrefix` and the call's number.
    public var realisticCallids: Bool
    public var seed: UInt64

    public init(
        weights: [ScenarioKind: Int] = TrafficMix.defaultWeights, users: [String] = TrafficMix.demoUsers,
        knownPhones: [PhoneNumber] = [PhoneNumber("79161234567")], knownCallerShare: Double = 0.4,
        ringTime: ClosedRange<Double> = 2...20, talkTime: ClosedRange<Double> = 10...240, maxGroupSize: Int = 3,
        maxLeadIn: Double = 2, diversion: String? = nil, recordingURL: String? = CallSettings.defaultRecordingURL,
        callidPrefix: String = "sim-", realisticCallids: Bool = false, seed: UInt64 = UInt64.random(in: 0...UInt64.max)
    ) {
        self.weights = weights
        self.users = users.isEmpty ? TrafficMix.demoUsers : users
        self.knownPhones = knownPhones
        self.knownCallerShare = knownCallerShare
        self.ringTime = ringTime
        self.talkTime = talkTime
        self.maxGroupSize = maxGroupSize
        self.maxLeadIn = maxLeadIn
        self.diversion = diversion
        self.recordingURL = recordingURL
        self.callidPrefix = callidPrefix
        self.realisticCallids = realisticCallids
        self.seed = seed
    }

    /// Mostly answered calls, a fair share missed, some ring groups, outgoing calls and the odd transfer.
    public static let defaultWeights: [ScenarioKind: Int] = [
        .answered: 45, .missed: 20, .group: 12, .groupMissed: 4, .transfer: 5, .outgoing: 13, .busy: 5,
    ]

    /// MiniCRM's seeded managers.
    public static let demoUsers = ["ivanov", "smirnova", "petrova", "kozlov", "volkova"]

    /// Call number `number` of the mix.
    public func scenario(number: Int, start: Date = Date()) -> CallScenario {
        var generator = SeededGenerator(seed: seed ^ (UInt64(truncatingIfNeeded: number) &* 0xD6E8_FEB8_6659_FD93))
        let kind = pickKind(using: &generator)
        let leadIn = Duration.seconds(Double.random(in: 0...max(0, maxLeadIn), using: &generator))
        var shuffled = users.shuffled(using: &generator)
        if kind == .group || kind == .groupMissed {
            shuffled = Array(
                shuffled.prefix(Int.random(in: min(2, users.count)...max(2, min(maxGroupSize, users.count)), using: &generator)))
        }
        let call = CallSettings(
            callid: realisticCallids ? RealisticCallid.make(using: &generator) : "\(callidPrefix)\(number + 1)",
            phone: pickPhone(using: &generator), users: shuffled,
            answeringUser: shuffled.randomElement(using: &generator), diversion: diversion,
            ringTime: .seconds(Double.random(in: ringTime, using: &generator).rounded()),
            talkTime: .seconds(Double.random(in: talkTime, using: &generator).rounded()), recordingURL: recordingURL, start: start,
            groupID: "g_" + RealisticCallid.uuid(using: &generator)
        )
        return kind.scenario(call).delayed(by: leadIn)
    }

    private func pickKind(using generator: inout SeededGenerator) -> ScenarioKind {
        let weighted = ScenarioKind.allCases.map { ($0, max(0, weights[$0] ?? 0)) }.filter { $0.1 > 0 }
        let total = weighted.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return .answered }
        var roll = Int.random(in: 0..<total, using: &generator)
        for (kind, weight) in weighted {
            if roll < weight { return kind }
            roll -= weight
        }
        return .answered
    }

    /// A known caller, or a number nobody has in the CRM: mostly Russian mobiles, now and then a
    /// hidden number (empty) or a foreign one, as real traffic has them.
    private func pickPhone(using generator: inout SeededGenerator) -> PhoneNumber {
        if let known = knownPhones.randomElement(using: &generator), Double.random(in: 0..<1, using: &generator) < knownCallerShare {
            return known
        }
        switch Int.random(in: 0..<100, using: &generator) {
        case 0..<4: return PhoneNumber("")
        case 4..<8: return PhoneNumber("3736\(Int.random(in: 1_000_000...9_999_999, using: &generator))")
        default: break
        }
        let operatorCode = [903, 905, 910, 915, 916, 925, 926, 977, 985].randomElement(using: &generator) ?? 916
        return PhoneNumber("7\(operatorCode)\(Int.random(in: 1_000_000...9_999_999, using: &generator))")
    }
}
