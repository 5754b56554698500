import PBXProtocol
import Testing

@Suite struct RequestBodyDecodingTests {
    private func parameters(query: String? = nil, contentType: String?, body: String) throws(ProtocolError) -> PBXParameters {
        try RequestBodyDecoding.parameters(query: query, contentType: contentType, body: Array(body.utf8))
    }

    @Test func bodyValuesOverrideQueryValues() throws {
        let decoded = try parameters(
            query: "cmd=contact&phone=111&crm_token=q", contentType: "application/x-www-form-urlencoded", body: "phone=222"
        )
        #expect(decoded["phone"] == "222")
        #expect(decoded["cmd"] == "contact")
        #expect(decoded["crm_token"] == "q")
    }

    @Test func jsonBodyOverridesQueryToo() throws {
        let decoded = try parameters(query: "user=q", contentType: "application/json", body: #"{"user":"b"}"#)
        #expect(decoded["user"] == "b")
    }

    @Test func multipartBodyOverridesQueryToo() throws {
        let body = MultipartFormDecodingTests.body([("form-data; name=\"user\"", "b")], boundary: "bnd")
        let decoded = try RequestBodyDecoding.parameters(query: "user=q", contentType: "multipart/form-data; boundary=bnd", body: body)
        #expect(decoded["user"] == "b")
    }

    @Test func anEmptyBodyLeavesTheQuery() throws {
        let decoded = try parameters(query: "cmd=users&crm_token=t", contentType: "application/json", body: "")
        #expect(decoded["cmd"] == "users")
        #expect(decoded["crm_token"] == "t")
    }

    @Test func theQueryIsFormDecoded() throws {
        let decoded = try parameters(query: "phone=%2B7+916", contentType: nil, body: "")
        #expect(decoded["phone"] == "+7 916")
    }

    @Test(arguments: [
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8", "APPLICATION/X-WWW-FORM-URLENCODED",
    ])
    func formContentTypesAreRecognised(contentType: String) throws {
        #expect(try parameters(contentType: contentType, body: "cmd=users")["cmd"] == "users")
    }

    @Test(arguments: ["application/json", "application/json; charset=utf-8", "Application/JSON"])
    func jsonContentTypesAreRecognised(contentType: String) throws {
        #expect(try parameters(contentType: contentType, body: #"{"cmd":"users"}"#)["cmd"] == "users")
    }

    @Test func aQuotedMultipartBoundaryIsUnquoted() throws {
        let body = MultipartFormDecodingTests.body([("form-data; name=\"cmd\"", "users")], boundary: "b-1")
        let decoded = try RequestBodyDecoding.parameters(query: nil, contentType: "multipart/form-data; boundary=\"b-1\"", body: body)
        #expect(decoded["cmd"] == "users")
    }

    @Test func multipartWithoutABoundaryIsInvalidParameters() {
        expectInvalidParameters { () throws(ProtocolError) in
            try parameters(contentType: "multipart/form-data", body: "--x\r\n\r\n--x--")
        }
    }

    @Test func aJSONContentTypeWithAFormBodyIsInvalidParameters() {
        expectInvalidParameters { () throws(ProtocolError) in
            try parameters(contentType: "application/json", body: "cmd=users")
        }
    }

    @Test func withoutAContentTypeAnObjectIsReadAsJSON() throws {
        #expect(try parameters(contentType: nil, body: " \n{\"cmd\":\"users\"}")["cmd"] == "users")
    }

    @Test(arguments: [nil, "text/plain", "application/octet-stream"] as [String?])
    func withoutAKnownContentTypeKeyValuesAreReadAsAForm(contentType: String?) throws {
        let decoded = try parameters(contentType: contentType, body: "cmd=contact\nphone=%2B79101234567")
        #expect(decoded["cmd"] == "contact")
        #expect(decoded["phone"] == "+79101234567")
    }
}
