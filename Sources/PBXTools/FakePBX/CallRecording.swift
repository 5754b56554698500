import Foundation

/// The "recording" of a fake call: a 4.8 s, 8 kHz, 16-bit mono PCM WAV — telephone quality — made
/// in memory. Two beeps of the Russian ringback tone (425 Hz), then syllable-like bursts of a
/// gliding, harmonic-rich tone that sounds like someone talking. Each call id gets its own voice.
enum CallRecording {
    static let sampleRate = 8000
    static let ringbackSeconds = 2.4
    static let voiceSeconds = 2.4

    static func wav(callid: String) -> [UInt8] {
        wav(samples: samples(seed: fnv1a(callid)))
    }

    static func samples(seed: UInt64) -> [Int16] {
        var random = SeededGenerator(seed: seed)
        var signal = [Double](repeating: 0, count: Int(Double(sampleRate) * (ringbackSeconds + voiceSeconds)))
        addRingback(to: &signal)
        addVoice(to: &signal, from: Int(ringbackSeconds * Double(sampleRate)), random: &random)
        return signal.map { Int16(max(-1, min(1, $0)) * Double(Int16.max)) }
    }

    /// 425 Hz, 0.8 s on and 0.4 s off, twice; short fades keep the edges from clicking.
    private static func addRingback(to signal: inout [Double]) {
        let rate = Double(sampleRate)
        for beep in 0..<2 {
            let start = Int(Double(beep) * 1.2 * rate)
            let length = Int(0.8 * rate)
            for index in 0..<length where start + index < signal.count {
                let time = Double(index) / rate
                signal[start + index] += 0.3 * fade(index, length: length) * sin(2 * .pi * 425 * time)
            }
        }
    }

    /// Syllables of 120–300 ms with short pauses: a fundamental of 100–220 Hz gliding up or down,
    /// six harmonics falling off, the second and third raised as a crude formant.
    private static func addVoice(to signal: inout [Double], from start: Int, random: inout SeededGenerator) {
        let rate = Double(sampleRate)
        let baseFrequency = 100 + 120 * random.unit()
        var position = start + Int(0.1 * rate)
        while position < signal.count {
            let length = Int((0.12 + 0.18 * random.unit()) * rate)
            let startFrequency = baseFrequency * (0.85 + 0.3 * random.unit())
            let glide = (random.unit() - 0.5) * 0.4
            var phase = 0.0
            for index in 0..<length where position + index < signal.count {
                let progress = Double(index) / Double(length)
                let frequency = startFrequency * (1 + glide * progress)
                phase += 2 * .pi * frequency / rate
                var sample = 0.0
                for harmonic in 1...6 {
                    let weight = (harmonic == 2 || harmonic == 3 ? 0.9 : 0.5) / Double(harmonic)
                    sample += weight * sin(Double(harmonic) * phase)
                }
                signal[position + index] += 0.22 * fade(index, length: length) * sample
            }
            position += length + Int((0.04 + 0.12 * random.unit()) * rate)
        }
    }

    /// A raised-cosine ramp over the first and last 15 ms.
    private static func fade(_ index: Int, length: Int) -> Double {
        let ramp = 120
        let distance = min(index, length - 1 - index)
        guard distance < ramp else { return 1 }
        return 0.5 - 0.5 * cos(.pi * Double(distance) / Double(ramp))
    }

    /// RIFF/WAVE with one `fmt ` chunk (PCM, mono, 16 bits) and one `data` chunk, little-endian.
    static func wav(samples: [Int16]) -> [UInt8] {
        let dataSize = samples.count * 2
        var bytes: [UInt8] = []
        bytes.reserveCapacity(44 + dataSize)
        func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
        func append32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { bytes.append(contentsOf: $0) } }
        func append16(_ value: Int) { withUnsafeBytes(of: UInt16(value).littleEndian) { bytes.append(contentsOf: $0) } }
        append("RIFF")
        append32(36 + dataSize)
        append("WAVE")
        append("fmt ")
        append32(16)
        append16(1)  // PCM
        append16(1)  // mono
        append32(sampleRate)
        append32(sampleRate * 2)  // bytes per second
        append16(2)  // bytes per frame
        append16(16)  // bits per sample
        append("data")
        append32(dataSize)
        for sample in samples {
            withUnsafeBytes(of: sample.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// A stable hash: Swift's `Hasher` is seeded per process, and a recording must not change between runs.
    private static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

extension SeededGenerator {
    /// In 0..<1.
    mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
