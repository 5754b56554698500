import PBXProtocol
import Testing

@Suite struct BodyEncodingTests {
    static let tricky: PBXParameters = [
        "cmd": "history", "phone": "+79101234567", "user": "ivanov@acme.example", "groupRealName": "Отдел продаж & сервис",
        "link": "https://r.example/a.mp3?x=1&y=2|https://r.example/b.mp3", "formula": "a=b+c", "percent": "100%", "empty": "",
        "crm_token": "tok+en/==",
    ]

    @Test(arguments: BodyEncoding.allCases)
    func everyEncodingRoundTripsThroughTheDecoder(encoding: BodyEncoding) throws {
        let (contentType, body) = encoding.encode(Self.tricky)
        let decoded = try RequestBodyDecoding.parameters(query: nil, contentType: contentType, body: body)
        #expect(decoded.dictionary(redacting: []) == Self.tricky.dictionary(redacting: []))
    }

    @Test func contentTypesNameTheEncoding() {
        #expect(BodyEncoding.form.encode(["a": "1"]).contentType == "application/x-www-form-urlencoded")
        #expect(BodyEncoding.json.encode(["a": "1"]).contentType == "application/json")
        #expect(BodyEncoding.multipart.encode(["a": "1"]).contentType.hasPrefix("multipart/form-data; boundary="))
    }

    @Test func formBodiesNeverCarryARawPlus() {
        let body = String(decoding: BodyEncoding.form.encode(["phone": "+79101234567"]).body, as: UTF8.self)
        #expect(body == "phone=%2B79101234567")
    }

    @Test func jsonBodiesAreStringValuedObjects() throws {
        let body = BodyEncoding.json.encode(["duration": "124", "name": "Иван"]).body
        #expect(String(decoding: body, as: UTF8.self) == #"{"duration":"124","name":"Иван"}"#)
    }
}
