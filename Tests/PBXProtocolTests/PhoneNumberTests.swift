import Foundation
import PBXProtocol
import Testing

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("+7 (910) 123-45-67", "+79101234567"),
        ("8 910 123 45 67", "+79101234567"),
        ("89101234567", "+79101234567"),
        ("9101234567", "+79101234567"),
        ("79101234567", "+79101234567"),
        ("+79101234567", "+79101234567"),
        ("(910) 1234567", "+79101234567"),
        ("8-910-123-45-67", "+79101234567"),
        ("8(495)123-45-67", "+74951234567"),
        ("  8 (495) 123.45.67\t", "+74951234567"),
        ("+8 910 123-45-67", "+79101234567"),
        ("+49 30 1234567", "+49301234567"),
        ("0049 30 1234567", "+49301234567"),
        ("0049301234567", "+49301234567"),
        ("+1 (212) 555-1234", "+12125551234"),
    ])
    func formatsInTheWildBecomeOneCanonicalNumber(input: String, canonical: String) {
        let phone = PhoneNumber(input)
        #expect(phone.value == canonical)
        #expect(phone.isCanonical)
    }

    @Test(arguments: [("101", "101"), ("anonymous", "anonymous"), (" 2001 ", "2001"), ("", ""), ("*55#", "*55#"), ("12-34", "12-34")])
    func numbersThatAreNotPlainAreKeptAsTyped(input: String, kept: String) {
        let phone = PhoneNumber(input)
        #expect(phone.value == kept)
        #expect(!phone.isCanonical)
        #expect(phone.numericKey == nil)
    }

    @Test func allRussianFormsAreEqual() {
        let forms = ["+7 (910) 123-45-67", "8 910 123 45 67", "9101234567", "79101234567"].map { PhoneNumber($0) }
        #expect(Set(forms).count == 1)
        #expect(Set(forms.map(\.numericKey)).count == 1)
    }

    @Test func anExtensionMatchesOnlyItself() {
        #expect(PhoneNumber("101") == PhoneNumber("101"))
        #expect(PhoneNumber("101") != PhoneNumber("102"))
        #expect(PhoneNumber("101") != PhoneNumber("+101"))
    }

    @Test(arguments: [
        ("+7 (910) 123-45-67", "79101234567"), ("8 910 123 45 67", "79101234567"), ("+49 30 1234567", "49301234567"),
        ("101", "101"), ("anonymous", ""), ("", ""),
    ])
    func dialStringIsDigitsOnly(input: String, dial: String) {
        #expect(PhoneNumber(input).dialString == dial)
    }

    @Test(arguments: [
        ("(212) 555-1234", "+12125551234"), ("1 212 555 1234", "+12125551234"), ("2125551234", "+12125551234"),
        ("+7 916 123-45-67", "+79161234567"),
    ])
    func northAmericaAsTheDefaultCountry(input: String, canonical: String) {
        #expect(PhoneNumber(input, defaultCountry: "1").value == canonical)
    }

    @Test(arguments: [
        ("030 1234567", "+49301234567"), ("030/1234567", "+49301234567"), ("0049 30 1234567", "+49301234567"),
        ("+7 916 123-45-67", "+79161234567"),
    ])
    func germanyAsTheDefaultCountry(input: String, canonical: String) {
        #expect(PhoneNumber(input, defaultCountry: "49").value == canonical)
    }

    @Test func aNationalRussianNumberIsNotRussianElsewhere() {
        #expect(PhoneNumber("9101234567", defaultCountry: "49") != PhoneNumber("9101234567"))
    }

    @Test func storedValuesReadBackAsTheyWereStored() {
        #expect(PhoneNumber(stored: "+79101234567") == PhoneNumber("8 910 123-45-67"))
        #expect(PhoneNumber(stored: "+79101234567").isCanonical)
        #expect(PhoneNumber(stored: "101") == PhoneNumber("101"))
        #expect(!PhoneNumber(stored: "anonymous").isCanonical)
    }

    @Test func codableAsItsCanonicalText() throws {
        let data = try JSONEncoder().encode([PhoneNumber("8 (910) 123-45-67")])
        #expect(String(decoding: data, as: UTF8.self) == #"["+79101234567"]"#)
        #expect(try JSONDecoder().decode([PhoneNumber].self, from: data) == [PhoneNumber("79101234567")])
    }

    @Test(arguments: ["7", "1", "49", "380"])
    func validCountryCodes(digits: String) {
        #expect(CountryCode(digits)?.digits == digits)
    }

    @Test(arguments: ["", "0", "07", "1234", "+7", "a"])
    func invalidCountryCodes(digits: String) {
        #expect(CountryCode(digits) == nil)
    }
}
