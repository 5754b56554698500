import PBXProtocol
import Testing

@Suite struct FormURLEncodingTests {
    @Test func plusInAPhoneTravelsAsPercent2B() {
        #expect(FormURLEncoding.encode(["phone": "+79101234567"]) == "phone=%2B79101234567")
    }

    @Test func spacesAmpersandsAndEqualsAreEscaped() {
        #expect(FormURLEncoding.encode(["q": "a b&c=d"]) == "q=a%20b%26c%3Dd")
    }

    @Test func cyrillicIsPercentEncodedAsUTF8() {
        #expect(FormURLEncoding.encode(["name": "Иван"]) == "name=%D0%98%D0%B2%D0%B0%D0%BD")
    }

    @Test func namesAreEscapedLikeValues() {
        #expect(FormURLEncoding.encode(["a b": "1"]) == "a%20b=1")
    }

    @Test func onlyUnreservedASCIIIsLeftAsIs() {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".unicodeScalars)
        for value in UInt8(0)...UInt8(127) {
            let scalar = Unicode.Scalar(value)
            let encoded = FormURLEncoding.encode(["k": String(Character(scalar))])
            let expected = unreserved.contains(scalar) ? "k=\(Character(scalar))" : "k=%" + hex(value)
            #expect(encoded == expected, "byte \(value)")
        }
    }

    @Test func pairsKeepTheirOrder() {
        let parameters: PBXParameters = ["cmd": "event", "type": "INCOMING", "user": "ivanov"]
        #expect(FormURLEncoding.encode(parameters) == "cmd=event&type=INCOMING&user=ivanov")
    }

    @Test func decodingReadsPlusAsSpaceAndPercent2BAsPlus() {
        let parameters = FormURLEncoding.decode("a=1+2&phone=%2B79101234567&lower=%2b7")
        #expect(parameters["a"] == "1 2")
        #expect(parameters["phone"] == "+79101234567")
        #expect(parameters["lower"] == "+7")
    }

    @Test func decodingReadsPercentEncodedUTF8() {
        #expect(FormURLEncoding.decode("name=%D0%98%D0%B2%D0%B0%D0%BD+%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2")["name"] == "Иван Иванов")
    }

    @Test func decodingAcceptsTheSpecsNewlineSeparatedLines() {
        let body = "cmd=history\ntype=in\r\nphone=79101234567\nlink=https://r.example/a.mp3|https://r.example/b.mp3\n"
        let parameters = FormURLEncoding.decode(body)
        #expect(parameters.pairs.map(\.name) == ["cmd", "type", "phone", "link"])
        #expect(parameters["type"] == "in")
        #expect(parameters["link"] == "https://r.example/a.mp3|https://r.example/b.mp3")
    }

    @Test func aStrayPercentIsKeptAsWritten() {
        let parameters = FormURLEncoding.decode("a=100%&b=%zz&c=%4&d=50%25")
        #expect(parameters["a"] == "100%")
        #expect(parameters["b"] == "%zz")
        #expect(parameters["c"] == "%4")
        #expect(parameters["d"] == "50%")
    }

    @Test func valuesMayContainEqualsSigns() {
        #expect(FormURLEncoding.decode("token=abc==")["token"] == "abc==")
    }

    @Test func emptyFieldsAndNamelessPairsAreSkipped() {
        let parameters = FormURLEncoding.decode("&&=orphan&flag&x=")
        #expect(parameters.pairs == [.init("flag", ""), .init("x", "")])
    }

    @Test func theLastOfARepeatedNameWins() {
        #expect(FormURLEncoding.decode("user=a&user=b")["user"] == "b")
    }

    @Test func encodeThenDecodeGivesBackEveryValue() {
        let parameters: PBXParameters = [
            "phone": "+7 (910) 123-45-67", "name": "Ёлкин & сыновья = 100%", "link": "https://r.example/a.mp3?x=1&y=2|b",
            "emoji": "☎️", "lines": "a\nb",
        ]
        #expect(FormURLEncoding.decode(FormURLEncoding.encode(parameters)) == parameters)
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
