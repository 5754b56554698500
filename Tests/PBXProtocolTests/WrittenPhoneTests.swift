import PBXProtocol
import Testing

/// Phones as people type them into a CRM: canonical numbers, extensions split off, text refused.
@Suite struct WrittenPhoneTests {
    @Test(arguments: [
        ("8 (495) 000-11-22 доб. 123", "123"), ("8 (495) 000-11-22, доб. 123", "123"), ("+7 495 000-11-22 Доб.123", "123"),
        ("84950001122 доп. 45", "45"), ("+7 (495) 000-11-22 ext. 7", "7"), ("74950001122 EXT 7", "7"), ("74950001122 x7", "7"),
        ("74950001122 х 7", "7"), ("74950001122#7", "7"), ("74950001122 # 12345678", "12345678"), ("+7 (495) 000-11-22", nil),
    ] as [(String, String?)])
    func theExtensionIsSplitOffAndTheNumberIsCanonical(text: String, extensionNumber: String?) throws {
        let phone = try #require(WrittenPhone(parsing: text))
        #expect(phone.number == PhoneNumber("74950001122"))
        #expect(phone.number.value == "+74950001122")
        #expect(phone.extensionNumber == extensionNumber)
    }

    @Test(arguments: ["abc", "", "   ", "call me", "8 495 ABC-11-22", "12", "+7 495 000 11 22 extension 5", "74950001122 доб.",
        "74950001122 доб. 12a", "74950001122 x123456789", "1234567890123456", "7 (495) 000+11-22", "74950001122 # 1 2"])
    func textThatIsNotAPhoneDoesNotParse(text: String) {
        #expect(WrittenPhone(parsing: text) == nil)
    }

    @Test func aShortOrForeignNumberThatCannotBeCanonicalIsKeptAsTyped() throws {
        let office = try #require(WrittenPhone(parsing: " 101 "))
        #expect(office.number.value == "101")
        #expect(!office.number.isCanonical)
        let moldova = try #require(WrittenPhone(parsing: "069453003 доб. 2", defaultCountry: "373"))
        #expect(moldova.number.value == "+37369453003")
        #expect(moldova.extensionNumber == "2")
    }
}
