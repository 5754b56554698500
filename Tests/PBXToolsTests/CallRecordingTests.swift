import MiniCRMTesting
import Testing

@testable import PBXTools

@Suite struct CallRecordingTests {
    @Test func recordingIsAPlayableWAV() throws {
        try expectPlayableWAV(CallRecording(callid: "abc").wav)
    }

    @Test(arguments: [1.0, 7, 61.5]) func aRecordingLastsAsLongAsTheCallsTalk(seconds: Double) throws {
        try expectPlayableWAV(CallRecording(callid: "abc", seconds: seconds).wav, seconds: (seconds - 0.001)...(seconds + 0.001))
    }

    @Test func eachCallHasItsOwnStableRecording() {
        #expect(CallRecording(callid: "a").wav == CallRecording(callid: "a").wav)
        #expect(CallRecording(callid: "a").wav != CallRecording(callid: "b").wav)
    }

    /// Every part of the file is made on its own: any split into ranges gives the same bytes.
    @Test func anyRangeOfARecordingIsThatPartOfTheWholeFile() {
        let recording = CallRecording(callid: "ranges", seconds: 9.5)
        let whole = recording.wav
        #expect(whole.count == recording.byteCount)
        var pieces: [UInt8] = []
        var offset = 0
        for size in [3, 41, 1, 15_999, 16_001, 7, 33_333, 65_536] where offset < whole.count {
            let end = min(offset + size, whole.count)
            pieces += recording.bytes(offset..<end)
            offset = end
        }
        pieces += recording.bytes(offset..<whole.count)
        #expect(pieces == whole)
        #expect(recording.bytes(whole.count - 3..<whole.count + 10) == Array(whole.suffix(3)))
    }

    @Test(arguments: [(Duration.zero, 0), (.milliseconds(400), 0), (.milliseconds(600), 1), (.seconds(5), 5), (.milliseconds(90_499), 90)])
    func historyDurationIsTheTalkTimeInWholeSeconds(_ talk: Duration, _ seconds: Int) {
        #expect(FakePBXConfiguration(talkDuration: talk).historyDuration == seconds)
    }

    @Test(arguments: [
        ("bytes=0-1", 0...1), ("bytes=10-", 10...99), ("bytes=-5", 95...99), ("bytes=90-200", 90...99), ("bytes=0-0, 5-6", 0...0),
    ])
    func byteRangesAreClampedToTheContent(_ header: String, _ expected: ClosedRange<Int>) {
        #expect(ByteRange.parse(header, length: 100) == expected)
    }

    @Test(arguments: ["bytes=100-", "bytes=5-2", "items=0-1", "bytes=-0", "bytes=abc"])
    func unsatisfiableRangesAreNil(_ header: String) {
        #expect(ByteRange.parse(header, length: 100) == nil)
    }
}
