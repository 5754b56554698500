import PBXProtocol
import Testing

@Suite struct JSONParameterDecodingTests {
    private func decode(_ json: String) throws(ProtocolError) -> PBXParameters {
        try JSONParameterDecoding.decode(Array(json.utf8))
    }

    @Test func stringsAreReadAsTheyAre() throws {
        let parameters = try decode(#"{"cmd":"contact","phone":"+79101234567","name":"Иван \"Ваня\""}"#)
        #expect(parameters["cmd"] == "contact")
        #expect(parameters["phone"] == "+79101234567")
        #expect(parameters["name"] == "Иван \"Ваня\"")
    }

    @Test func numbersBecomeTheirText() throws {
        let parameters = try decode(#"{"duration":124,"phone":79101234567,"zero":0,"one":1,"fraction":4.5}"#)
        #expect(parameters["duration"] == "124")
        #expect(parameters["phone"] == "79101234567")
        #expect(parameters["zero"] == "0")
        #expect(parameters["one"] == "1")
        #expect(parameters["fraction"] == "4.5")
    }

    @Test func booleansBecomeTrueAndFalse() throws {
        let parameters = try decode(#"{"self_map":true,"missed":false}"#)
        #expect(parameters["self_map"] == "true")
        #expect(parameters["missed"] == "false")
    }

    @Test func nestedValuesAndNullsAreSkipped() throws {
        let parameters = try decode(#"{"cmd":"event","meta":{"a":1},"list":[1,2],"diversion":null}"#)
        #expect(parameters.pairs == [.init("cmd", "event")])
    }

    @Test(arguments: [#"[{"cmd":"users"}]"#, #""cmd""#, "42", "null", "{not json", ""])
    func anythingButAnObjectIsInvalidParameters(body: String) {
        expectInvalidParameters { () throws(ProtocolError) in try decode(body) }
    }
}
