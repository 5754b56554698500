import Testing

@testable import CRMServer

@Suite struct ByteRangeTests {
    @Test func rangesAreResolvedAgainstTheSize() {
        #expect(ByteRange.parse("bytes=100-199", size: 1000) == .partial(ByteRange(start: 100, end: 199)))
        #expect(ByteRange.parse("bytes=900-", size: 1000) == .partial(ByteRange(start: 900, end: 999)))
        #expect(ByteRange.parse("bytes=-1", size: 1000) == .partial(ByteRange(start: 999, end: 999)))
        #expect(ByteRange.parse("bytes=-5000", size: 1000) == .partial(ByteRange(start: 0, end: 999)))
        #expect(ByteRange.parse("bytes=990-5000", size: 1000) == .partial(ByteRange(start: 990, end: 999)))
        #expect(ByteRange(start: 100, end: 199).contentRange(of: 1000) == "bytes 100-199/1000")
    }

    @Test(arguments: ["bytes=1000-", "bytes=114168-", "bytes=9223372036854775807-", "bytes=99999999999999999999-", "bytes=5-4", "bytes=-0", "bytes=-", "bytes=a-b", "bytes=-1-2"])
    func anUnsatisfiableRangeIs416(header: String) {
        #expect(ByteRange.parse(header, size: 1000) == .unsatisfiable, "\(header)")
    }

    @Test func noRangeOrSeveralServeTheWhole() {
        #expect(ByteRange.parse(nil, size: 10) == .whole)
        #expect(ByteRange.parse("items=1-2", size: 10) == .whole)
        #expect(ByteRange.parse("bytes=0-1,5-6", size: 10) == .whole)
    }
}
