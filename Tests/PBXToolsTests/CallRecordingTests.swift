import MiniCRMTesting
import Testing

@testable import PBXTools

@Suite struct CallRecordingTests {
    @Test func recordingIsAPlayableWAV() throws {
        try expectPlayableWAV(CallRecording.wav(callid: "abc"))
    }

    @Test func eachCallHasItsOwnStableRecording() {
        #expect(CallRecording.wav(callid: "a") == CallRecording.wav(callid: "a"))
        #expect(CallRecording.wav(callid: "a") != CallRecording.wav(callid: "b"))
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
