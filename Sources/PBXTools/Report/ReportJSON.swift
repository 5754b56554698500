import Foundation

/// The JSON reports: pretty-printed, keys sorted (so runs diff cleanly), text unescaped.
enum ReportJSON {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail.
        return ((try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }

    /// Milliseconds to a tenth, for timings.
    static func milliseconds(_ duration: Duration) -> Double {
        (duration.inMilliseconds * 10).rounded() / 10
    }

    static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
