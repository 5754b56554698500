/// Callids in the forms real PBXes send: a UUID (`28187487-edcf-4d23-9f95-c8591fbd9936`) or ten
/// letters and digits and a sequence number (`HLH8HFM77S000035`). The simulator draws them from
/// its seeded generator, so that a seed replays the same calls.
enum RealisticCallid {
    static func make(using generator: inout some RandomNumberGenerator) -> String {
        Bool.random(using: &generator) ? uuid(using: &generator) : compact(using: &generator)
    }

    static func uuid(using generator: inout some RandomNumberGenerator) -> String {
        let hex = Array((0..<2).map { _ in zeroPadded(String(generator.next(), radix: 16), to: 16) }.joined())
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }

    static func compact(using generator: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let stem = String((0..<10).map { _ in alphabet.randomElement(using: &generator)! })
        return stem + zeroPadded(String(Int.random(in: 0..<1_000_000, using: &generator)), to: 6)
    }

    private static func zeroPadded(_ digits: String, to width: Int) -> String {
        String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
