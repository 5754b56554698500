import Foundation
import PBXProtocol
import MiniCRMTesting
import PBXTools
import Testing

/// Any bytes at all give parameters or a protocol error: the decoders run before the token is
/// known, so one crafted request must never take the process down.
@Suite struct DecoderTotalityTests {
    @Test func theKeptCrashInputsAreThere() {
        #expect(FuzzRegressions.all.count >= 10, "\(FuzzRegressions.directory.path)")
    }

    @Test(arguments: FuzzRegressions.all)
    func aKnownCrashInputIsAnError(input: FuzzRegressions.Input) {
        let result = Result { () throws(ProtocolError) in
            try RequestBodyDecoding.parameters(query: nil, contentType: input.contentType, body: input.body)
        }
        if case .success(let parameters) = result {
            #expect(parameters.pairs.count < 4)
        }
    }

    /// Random and mutated bodies through every decoder: a deterministic stand-in for the fuzzer
    /// (`bash Tests/Fuzz/run.sh`), so the suite keeps the property the fuzzer checks.
    @Test func randomBytesNeverTrap() {
        var generator = SeededGenerator(seed: 0x5EED)
        let seeds: [(String, [UInt8])] = [
            ("multipart/form-data; boundary=XyZ", Array("--XyZ\r\nContent-Disposition: form-data; name=\"cmd\"\r\n\r\nusers\r\n--XyZ--\r\n".utf8)),
            ("application/json", Array(#"{"cmd":"contact","phone":"7916","n":1.5,"b":true,"x":[1,{"y":null}]}"#.utf8)),
            ("application/x-www-form-urlencoded", Array("cmd=event&type=INCOMING&phone=%2B7916&user=a%40b".utf8)),
        ]
        for round in 0..<3000 {
            let (contentType, seed) = seeds[round % seeds.count]
            var body = seed
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let position = Int.random(in: 0...body.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: body.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                case 1 where position < body.count: body.remove(at: position)
                default: if position < body.count { body[position] = UInt8.random(in: 0...255, using: &generator) }
                }
            }
            _ = try? RequestBodyDecoding.parameters(query: String(decoding: body, as: UTF8.self), contentType: contentType, body: body)
        }
    }

    @Test(arguments: ["form", "multipart", "json", "query"])
    func moreThanTheLimitOfParametersIsRefusedAsSuchWhateverTheEncoding(wire: String) {
        var parameters = PBXParameters()
        for index in 0..<300 { parameters.append("p\(index)", "v") }
        let result = Result { () throws(ProtocolError) -> PBXParameters in
            switch wire {
            case "query": return try RequestBodyDecoding.parameters(query: FormURLEncoding.encode(parameters), contentType: nil, body: [])
            default:
                let (contentType, body) = BodyEncoding(rawValue: wire)!.encode(parameters)
                return try RequestBodyDecoding.parameters(query: nil, contentType: contentType, body: body)
            }
        }
        guard case .failure(.exceedsLimits) = result else {
            Issue.record("expected exceedsLimits, got \(result)")
            return
        }
    }

    @Test func theLimitCountsTheQueryAndTheBodyTogether() {
        let query = (0..<200).map { "q\($0)=1" }.joined(separator: "&")
        let body = Array((0..<100).map { "b\($0)=1" }.joined(separator: "&").utf8)
        #expect(throws: ProtocolError.self) {
            try RequestBodyDecoding.parameters(query: query, contentType: "application/x-www-form-urlencoded", body: body)
        }
        let fits = try? RequestBodyDecoding.parameters(query: query, contentType: "application/x-www-form-urlencoded", body: Array(body.prefix(200)))
        #expect(fits != nil)
    }

    @Test func aLongNameIsRefused() {
        let name = String(repeating: "n", count: 300)
        #expect(throws: ProtocolError.exceedsLimits("a parameter name longer than 256 bytes")) {
            try FormURLEncoding.decode("\(name)=1".utf8, limits: .standard)
        }
    }

    @Test func thirtyThousandNamesStopAtTheLimit() {
        let body = Array((0..<30_000).map { "n\($0)=" }.joined(separator: "&").utf8)
        let started = ContinuousClock.now
        #expect(throws: ProtocolError.self) { try FormURLEncoding.decode(body, limits: .standard) }
        // Stopped at the 257th name, not after reading all 30 000.
        #expect(ContinuousClock.now - started < .seconds(1))
    }
}
