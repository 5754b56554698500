import Foundation
import PBXProtocol
import Testing

/// The hand-written JSON of the hot paths writes exactly what the encoder writes, and reads it back.
@Suite struct JSONTextTests {
    static let awkward = [
        "", "plain", "Смирнов Алексей Петрович", "O'Brien \"Bob\"", "back\\slash", "https://records.example/a.mp3",
        "tab\tnew\nline\rreturn", "\u{01}\u{08}\u{0C}\u{1F}", "emoji 📞 and ё", "<script>&amp;",
    ]

    @Test(arguments: awkward)
    func aStringIsWrittenAsTheEncoderWritesIt(_ value: String) {
        var written: [UInt8] = []
        JSONText.appendString(value, to: &written)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: ProtocolJSON.encode(value), as: UTF8.self))
    }

    @Test func objectsAndArraysMatchTheEncoder() {
        let object = Dictionary(uniqueKeysWithValues: Self.awkward.enumerated().map { ("k\($0.offset)_\($0.element.prefix(3))", $0.element) })
        #expect(JSONText.object(object) == ProtocolJSON.encode(object))
        #expect(JSONText.array(Self.awkward) == ProtocolJSON.encode(Self.awkward))
        #expect(JSONText.object([String: String]()) == Array("{}".utf8))
        #expect(JSONText.array([]) == Array("[]".utf8))
    }

    @Test func contactAndErrorAnswersMatchTheEncoder() {
        let answers = [
            ContactResponse(contactName: "Смирнов \"Алексей\"", responsible: "ivanov"), ContactResponse(contactName: "Без ответственного"),
            ContactResponse(responsible: "only"), .unknown,
        ]
        for answer in answers { #expect(answer.json == ProtocolJSON.encode(answer)) }
        for error in [ProtocolError.invalidParameters("x"), .invalidToken, .authorizationFailed] {
            #expect(error.bodyJSON == ProtocolJSON.encode(error.body))
        }
    }

    @Test func whatItWritesItReadsBack() throws {
        #expect(JSONText.parseStringArray(JSONText.array(Self.awkward)) == Self.awkward)
        let object = Dictionary(uniqueKeysWithValues: Self.awkward.enumerated().map { ("\($0.offset)", $0.element) })
        #expect(JSONText.parseStringObject(JSONText.object(object)) == object)
        // Escapes the encoder never writes, but JSON allows.
        #expect(JSONText.parseStringArray(Array(#" [ "\u0416\/x" , "\ud83d\udcde" ] "#.utf8)) == ["Ж/x", "📞"])
    }

    @Test func anythingElseIsLeftToTheFullDecoder() {
        for text in [#"["a",1]"#, #"{"a":null}"#, #"["a""#, #"["a"] x"#, "{\"a\":\"\u{01}\"}", #"["\q"]"#, "", "[", #"{"a":["b"]}"#] {
            #expect(JSONText.parseStringArray(Array(text.utf8)) == nil, "\(text)")
            #expect(JSONText.parseStringObject(Array(text.utf8)) == nil, "\(text)")
        }
    }

    @Test func parametersWriteTheJSONOfTheirRedactedDictionary() {
        let parameters: PBXParameters = ["cmd": "contact", "phone": "+7 916", "crm_token": "secret", "cmd": "history", "Имя": "Иван", "b": ""]
        #expect(parameters.jsonObject() == ProtocolJSON.encode(parameters.dictionary()))
        #expect(String(decoding: parameters.jsonObject(), as: UTF8.self).contains(#""crm_token":"***""#))
        #expect(PBXParameters().jsonObject() == Array("{}".utf8))
    }
}
