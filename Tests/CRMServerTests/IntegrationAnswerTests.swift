import PBXProtocol
import Testing

@testable import CRMServer

/// The endpoint's hand-written `contact` JSON writes exactly what the Codable path writes.
@Suite struct IntegrationAnswerTests {
    static let names = [
        "Смирнов Алексей Петрович", "ООО «Вектор» / отдел №1", #"Quote " and \ backslash"#, "tab\tnew\nline\rcarriage",
        "\u{01}\u{1F}\u{7F}", "📞 Emoji", "", "a/b", "\u{2028}\u{2029}", "é combining e\u{301}",
    ]

    @Test(arguments: names)
    func aKnownCallerIsWrittenAsTheEncoderWritesIt(name: String) {
        for answer in [
            ContactResponse(contactName: name, responsible: "ivanov"), ContactResponse(contactName: name),
            ContactResponse(responsible: name), ContactResponse(),
        ] {
            #expect(IntegrationAnswer.contact(answer) == ProtocolJSON.encode(answer), "\(answer)")
        }
    }

    @Test func anUnknownCallerIsAnEmptyObject() {
        #expect(IntegrationAnswer.contact(ContactResponse()) == Array("{}".utf8))
    }

    @Test func errorBodiesAreTheSpecsOwn() {
        #expect(String(decoding: IntegrationAnswer.error(.invalidToken), as: UTF8.self) == #"{"error":"Invalid token"}"#)
        #expect(String(decoding: IntegrationAnswer.error(.invalidParameters("x")), as: UTF8.self) == #"{"error":"Invalid parameters"}"#)
        #expect(String(decoding: IntegrationAnswer.error(.authorizationFailed), as: UTF8.self) == #"{"error":"Autorization failed"}"#)
    }
}
