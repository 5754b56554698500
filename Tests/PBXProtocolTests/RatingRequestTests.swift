import PBXProtocol
import Testing

@Suite struct RatingRequestTests {
    @Test func theFixturesRating() throws {
        let request = try RatingRequest(parameters: [
            "cmd": "rating", "callid": "B10D0EB124F4E64AF4EA-1511", "rating": "5", "user": "ivanov", "ext": "101",
            "phone": "79161234567",
        ])
        #expect(request == RatingRequest(callid: "B10D0EB124F4E64AF4EA-1511", rating: 5, user: "ivanov", ext: "101", phone: PhoneNumber("+79161234567")))
    }

    @Test func onlyCallidAndRatingAreRequired() throws {
        let request = try RatingRequest(parameters: ["callid": "C-1", "rating": "3"])
        #expect(request.user == nil)
        #expect(request.phone == nil)
    }

    @Test(arguments: ["", "-2", "good"])
    func aRatingMustBeAWholeNumber(wire: String) {
        expectInvalidParameters { () throws(ProtocolError) in try RatingRequest(parameters: ["callid": "C-1", "rating": wire]) }
    }
}
