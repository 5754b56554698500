import PBXProtocol
import Testing

@Suite struct MultipartFormDecodingTests {
    static func body(_ parts: [(disposition: String, value: String)], boundary: String = "XyZ-123") -> [UInt8] {
        var text = ""
        for part in parts {
            text += "--\(boundary)\r\nContent-Disposition: \(part.disposition)\r\n\r\n\(part.value)\r\n"
        }
        text += "--\(boundary)--\r\n"
        return Array(text.utf8)
    }

    @Test func readsQuotedAndUnquotedNames() throws {
        let body = Self.body([
            ("form-data; name=\"cmd\"", "contact"), ("form-data; name=phone", "79101234567"), ("form-data;name=\"callid\"", "C-1"),
        ])
        let parameters = try MultipartFormDecoding.decode(body, boundary: "XyZ-123")
        #expect(parameters["cmd"] == "contact")
        #expect(parameters["phone"] == "79101234567")
        #expect(parameters["callid"] == "C-1")
    }

    @Test func valuesAreTakenLiterallyAsUTF8() throws {
        let body = Self.body([("form-data; name=\"groupRealName\"", "Отдел продаж"), ("form-data; name=\"phone\"", "+7 916 a+b%2B")])
        let parameters = try MultipartFormDecoding.decode(body, boundary: "XyZ-123")
        #expect(parameters["groupRealName"] == "Отдел продаж")
        #expect(parameters["phone"] == "+7 916 a+b%2B")
    }

    @Test func aFilenameDoesNotHideTheName() throws {
        let body = Self.body([("form-data; name=\"link\"; filename=\"links.txt\"", "https://r.example/a.mp3")])
        #expect(try MultipartFormDecoding.decode(body, boundary: "XyZ-123")["link"] == "https://r.example/a.mp3")
    }

    @Test func aPartWithoutANameIsSkipped() throws {
        let body = Self.body([("form-data", "lost"), ("form-data; name=\"cmd\"", "users")])
        let parameters = try MultipartFormDecoding.decode(body, boundary: "XyZ-123")
        #expect(parameters.pairs == [.init("cmd", "users")])
    }

    @Test func anEmptyValueIsKeptAsEmpty() throws {
        let body = Self.body([("form-data; name=\"diversion\"", "")])
        #expect(try MultipartFormDecoding.decode(body, boundary: "XyZ-123")["diversion"] == "")
    }

    @Test func aBodyWithoutTheBoundaryCarriesNoParameters() throws {
        let body = Self.body([("form-data; name=\"cmd\"", "users")], boundary: "other")
        #expect((try? MultipartFormDecoding.decode(body, boundary: "XyZ-123"))?.isEmpty ?? true)
    }
}
