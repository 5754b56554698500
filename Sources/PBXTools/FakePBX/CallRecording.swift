import Foundation

/// The "recording" of a fake call, as long as the call's talk (a second at least): an 8 kHz, 16-bit
/// mono PCM WAV — telephone quality. Two beeps of the Russian ringback tone (425 Hz), then
/// syllable-like bursts of a gliding, harmonic-rich tone that sounds like someone talking. Each call
/// id gets its own voice.
///
/// Nothing is stored: the file is computed as it is sent, one second at a time, and every second
/// is computed on its own, so a 14-minute call costs a few kilobytes of memory and a byte range
/// from its middle costs only the seconds it covers.
struct CallRecording: Sendable {
    static let sampleRate = 8000
    static let headerSize = 44
    static let ringbackSeconds = 2.4
    /// A recording without a known length: the old fixed one.
    static let defaultSeconds = 4.8
    static let maximumSeconds = 4.0 * 3600

    let seed: UInt64
    let sampleCount: Int
    /// The ringback opens only recordings long enough to have a conversation after it.
    private var hasRingback: Bool { Double(sampleCount) >= 2 * Self.ringbackSeconds * Double(Self.sampleRate) }

    init(callid: String, seconds: Double = CallRecording.defaultSeconds) {
        seed = Self.fnv1a(callid)
        let clamped = seconds.isFinite ? min(max(seconds, 1), Self.maximumSeconds) : Self.defaultSeconds
        sampleCount = Int(clamped * Double(Self.sampleRate))
    }

    var byteCount: Int { Self.headerSize + sampleCount * 2 }

    /// The whole file, for short recordings and tests.
    var wav: [UInt8] { bytes(0..<byteCount) }

    /// The bytes of the file in `range`: the header's and those of the seconds it covers.
    func bytes(_ range: Range<Int>) -> [UInt8] {
        let range = range.clamped(to: 0..<byteCount)
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        if range.lowerBound < Self.headerSize {
            output.append(contentsOf: header[range.lowerBound..<min(range.upperBound, Self.headerSize)])
        }
        guard range.upperBound > Self.headerSize else { return output }
        let secondBytes = Self.sampleRate * 2
        let first = max(range.lowerBound - Self.headerSize, 0) / secondBytes
        let last = (range.upperBound - Self.headerSize - 1) / secondBytes
        for second in first...last {
            var pcm: [UInt8] = []
            pcm.reserveCapacity(secondBytes)
            for sample in samples(ofSecond: second) {
                withUnsafeBytes(of: sample.littleEndian) { pcm.append(contentsOf: $0) }
            }
            let offset = Self.headerSize + second * secondBytes
            output.append(contentsOf: pcm[(max(range.lowerBound, offset) - offset)..<(min(range.upperBound, offset + pcm.count) - offset)])
        }
        return output
    }

    /// RIFF/WAVE with one `fmt ` chunk (PCM, mono, 16 bits) and one `data` chunk, little-endian.
    var header: [UInt8] {
        let dataSize = sampleCount * 2
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize)
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
        append32(Self.sampleRate)
        append32(Self.sampleRate * 2)  // bytes per second
        append16(2)  // bytes per frame
        append16(16)  // bits per sample
        append("data")
        append32(dataSize)
        return bytes
    }

    /// The samples of one second of the recording (fewer for the last).
    func samples(ofSecond second: Int) -> [Int16] {
        let rate = Self.sampleRate
        let start = second * rate
        var signal = [Double](repeating: 0, count: max(0, min(rate, sampleCount - start)))
        guard !signal.isEmpty else { return [] }
        let voiceStart = hasRingback ? Int((Self.ringbackSeconds + 0.1) * Double(rate)) : 0
        if hasRingback { addRingback(to: &signal, from: start) }
        if start + signal.count > voiceStart { addVoice(to: &signal, from: start, after: voiceStart, second: second) }
        return signal.map { Int16(max(-1, min(1, $0)) * Double(Int16.max)) }
    }

    /// 425 Hz, 0.8 s on and 0.4 s off, twice; short fades keep the edges from clicking.
    private func addRingback(to signal: inout [Double], from start: Int) {
        let rate = Double(Self.sampleRate)
        for beep in 0..<2 {
            let beepStart = Int(Double(beep) * 1.2 * rate)
            let length = Int(0.8 * rate)
            let (first, end) = (max(0, start - beepStart), min(length, start + signal.count - beepStart))
            guard first < end else { continue }
            for index in first..<end {
                let time = Double(index) / rate
                signal[beepStart + index - start] += 0.3 * Self.fade(index, length: length) * sin(2 * .pi * 425 * time)
            }
        }
    }

    /// Syllables of 120–300 ms with short pauses, each whole within its second: a fundamental of
    /// 100–220 Hz (the call's voice) gliding up or down, six harmonics falling off, the second and
    /// third raised as a crude formant.
    private func addVoice(to signal: inout [Double], from start: Int, after voiceStart: Int, second: Int) {
        let rate = Double(Self.sampleRate)
        var voice = SeededGenerator(seed: seed)
        let baseFrequency = 100 + 120 * voice.unit()
        var random = SeededGenerator(seed: seed ^ (UInt64(second) &+ 1) &* 0x9E37_79B9_7F4A_7C15)
        var position = max(0, voiceStart - start) + Int((0.02 + 0.08 * random.unit()) * rate)
        while true {
            let length = Int((0.12 + 0.18 * random.unit()) * rate)
            guard position + length <= signal.count else { break }
            let startFrequency = baseFrequency * (0.85 + 0.3 * random.unit())
            let glide = (random.unit() - 0.5) * 0.4
            var phase = 0.0
            for index in 0..<length {
                let progress = Double(index) / Double(length)
                phase += 2 * .pi * startFrequency * (1 + glide * progress) / rate
                var sample = 0.0
                for harmonic in 1...6 {
                    let weight = (harmonic == 2 || harmonic == 3 ? 0.9 : 0.5) / Double(harmonic)
                    sample += weight * sin(Double(harmonic) * phase)
                }
                signal[position + index] += 0.22 * Self.fade(index, length: length) * sample
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
