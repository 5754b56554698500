import Foundation
import PBXProtocol
import Testing

@Suite struct ProtocolTimestampTests {
    static let specExample = Date(timeIntervalSince1970: 1_499_433_248)  // 2017-07-07 13:14:08 UTC

    @Test(arguments: ["20170707T131408Z", "2017-07-07T13:14:08Z", "20170707T131408", "20170707t131408z"])
    func theSpecsTimestampInEveryAcceptedForm(text: String) {
        #expect(ProtocolTimestamp.parse(text) == Self.specExample)
    }

    @Test func formatsTheCompactForm() {
        #expect(ProtocolTimestamp.format(Self.specExample) == "20170707T131408Z")
    }

    @Test func formatsTheExtendedFormForTheAPI() {
        #expect(ProtocolTimestamp.iso8601(Self.specExample) == "2017-07-07T13:14:08Z")
        #expect(ProtocolTimestamp.iso8601(Date(timeIntervalSince1970: 1_796_112_902)) == "2026-12-01T08:15:02Z")
    }

    @Test func fractionsOfASecondAreDropped() {
        #expect(ProtocolTimestamp.format(Self.specExample.addingTimeInterval(0.9)) == "20170707T131408Z")
    }

    @Test(arguments: [0, 951_782_400, 1_709_208_000, 1_796_112_902, 4_102_444_799, -1] as [TimeInterval])
    func roundTrips(seconds: TimeInterval) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(ProtocolTimestamp.parse(ProtocolTimestamp.format(date)) == date)
        #expect(ProtocolTimestamp.parse(ProtocolTimestamp.iso8601(date)) == date)
    }

    @Test func leapDaysExist() {
        #expect(ProtocolTimestamp.parse("20240229T120000Z") == Date(timeIntervalSince1970: 1_709_208_000))
    }

    @Test(arguments: [
        "", "2017", "20170707", "20170707T1314", "20170707T131408ZZ", "20170707X131408Z", "2017070aT131408Z",
        "20171307T000000Z", "20170007T000000Z", "20170732T000000Z", "20170700T000000Z", "20170707T241408Z",
        "20170707T136008Z", "20170707T131408+0300", "20170230T000000Z", "20230229T000000Z", "20170431T000000Z",
        "20170707T131408Q", "not a date at all",
    ])
    func invalidTimestampsAreRejected(text: String) {
        #expect(ProtocolTimestamp.parse(text) == nil)
    }
}
