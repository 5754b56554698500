import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

@Suite struct FakePBXPlaybackTests {
    @Test func makeCallIsPlayedBackToTheConnectedCRM() async throws {
        try await withStubCRM { crm in
            try await withFakePBX { pbx in
                let crmToken = "crm+secret/Ж"
                let token = try await pbx.connect(crmURL: crm.url, crmToken: crmToken, selfMap: true)
                let reply = try await Browser.form(
                    pbx.commandURL, ["cmd": "makeCall", "phone": "79101234567", "user": "smirnova", "token": token]
                )
                #expect(reply.status == 200)
                let callid = try #require((reply.json as? [String: Any])?["callid"] as? String)

                let requests = try await crm.requests(count: 4)
                try #require(requests.count == 4)
                #expect(requests.allSatisfy { $0["crm_token"] == crmToken })
                #expect(requests.map { $0["cmd"] } == ["event", "event", "event", "history"])
                #expect(requests.prefix(3).map { $0["type"] } == ["OUTGOING", "ACCEPTED", "COMPLETED"])
                for event in requests.prefix(3) {
                    let decoded = try EventRequest(parameters: event)
                    #expect(decoded.direction == .outgoing)
                    #expect(decoded.user == "smirnova")
                    #expect(decoded.phone.dialString == "79101234567")
                    #expect(decoded.callid == callid)
                    #expect(decoded.ext == "102")
                }

                let history = try HistoryRequest(parameters: requests[3])
                #expect(history.direction == .outgoing)
                #expect(history.status == .success)
                #expect(history.duration == 0)
                #expect(history.callid == callid)
                #expect(history.user == "smirnova")
                let start = try #require(history.start)
                #expect(abs(start.timeIntervalSinceNow) < 60)
                #expect(history.links == ["\(pbx.baseURL)/recordings/\(callid).wav?seconds=0"])

                let recording = try await Browser.get(history.links[0])
                #expect(recording.status == 200)
                #expect(recording.headers.first(name: "Content-Type") == "audio/wav")
                // The talk lasted under a second: its recording is the shortest there is, one second.
                try expectPlayableWAV(recording.body, seconds: 1...1)

                // The stub has answered the history; the PBX records that answer a moment later.
                let deadline = ContinuousClock.now + .seconds(5)
                var playback = try #require(await pbx.state.snapshot().playbacks.first { $0.callid == callid })
                while !playback.finished, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                    playback = try #require(await pbx.state.snapshot().playbacks.first { $0.callid == callid })
                }
                #expect(playback.finished)
                #expect(playback.steps.map(\.status) == [200, 200, 200, 200])
            }
        }
    }

    /// Without `self_map` the CRM's own user ids come back as they went out.
    @Test func userIsEchoedWithoutSelfMap() async throws {
        try await withStubCRM { crm in
            try await withFakePBX(configure: { $0.ringDelay = .zero; $0.talkDuration = .zero }) { pbx in
                let token = try await pbx.connect(crmURL: crm.url)
                _ = try await Browser.form(pbx.commandURL, ["cmd": "makeCall", "phone": "89101234567", "user": "42", "token": token])
                let requests = try await crm.requests(count: 4)
                try #require(requests.count == 4)
                #expect(requests.allSatisfy { $0["user"] == "42" && $0["phone"] == "89101234567" })
                #expect(requests[0]["ext"] == nil)
            }
        }
    }

    /// A CRM that is down does not stop the call: every step is tried and recorded.
    @Test func aCRMThatIsDownIsRecordedNotFatal() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect(crmURL: "http://127.0.0.1:9/crm_integration")
            let reply = try await Browser.form(pbx.commandURL, ["cmd": "makeCall", "phone": "79101234567", "user": "ivanov", "token": token])
            let callid = try #require((reply.json as? [String: Any])?["callid"] as? String)
            let deadline = ContinuousClock.now + .seconds(5)
            var playback: FakePBXSnapshot.Playback?
            while ContinuousClock.now < deadline {
                playback = await pbx.state.snapshot().playbacks.first { $0.callid == callid }
                if playback?.finished == true { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(playback?.finished == true)
            #expect(playback?.steps.count == 4)
            #expect(playback?.steps.allSatisfy { $0.status == nil && $0.error != nil } == true)
        }
    }

    @Test func recordingsAnswerByteRanges() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect()
            let reply = try await Browser.form(pbx.commandURL, ["cmd": "makeCall", "phone": "79101234567", "user": "ivanov", "token": token])
            let callid = try #require((reply.json as? [String: Any])?["callid"] as? String)
            let url = "\(pbx.baseURL)/recordings/\(callid).wav"
            let whole = try await Browser.get(url)
            let probe = try await Browser.get(url, headers: [("Range", "bytes=0-1")])
            #expect(probe.status == 206)
            #expect(probe.body == Array("RI".utf8))
            #expect(probe.headers.first(name: "Content-Range") == "bytes 0-1/\(whole.body.count)")
            let tail = try await Browser.get(url, headers: [("Range", "bytes=-4")])
            #expect(tail.body == Array(whole.body.suffix(4)))
            let beyond = try await Browser.get(url, headers: [("Range", "bytes=\(whole.body.count)-")])
            #expect(beyond.status == 416)
            #expect(try await Browser.get("\(pbx.baseURL)/recordings/unknown.wav").status == 404)
        }
    }

    @Test func aRecordingLastsAsLongAsItsCallWithoutBeingMadeWhole() async throws {
        try await withFakePBX { pbx in
            let token = try await pbx.connect()
            let call: PBXParameters = ["cmd": "makeCall", "phone": "79101234567", "user": "ivanov", "token": token]
            let reply = try await Browser.form(pbx.commandURL, call)
            let callid = try #require((reply.json as? [String: Any])?["callid"] as? String)
            // A 14-minute call: its header and a second from its middle, as a player seeking asks for them.
            let url = "\(pbx.baseURL)/recordings/\(callid).wav?seconds=842"
            let length = 44 + 842 * 16000
            let header = try await Browser.get(url, headers: [("Range", "bytes=0-43")])
            #expect(header.headers.first(name: "Content-Range") == "bytes 0-43/\(length)")
            #expect(Array(header.body[40..<44]) == withUnsafeBytes(of: UInt32(842 * 16000).littleEndian) { Array($0) })
            let middle = try await Browser.get(url, headers: [("Range", "bytes=\(44 + 421 * 16000)-\(44 + 422 * 16000 - 1)")])
            #expect(middle.status == 206)
            #expect(middle.body.count == 16000)
            #expect(middle.headers.first(name: "Content-Length") == "16000")
        }
    }
}

/// RIFF/WAVE, PCM, mono, 8000 Hz, 16 bits, a data chunk of `seconds` that is not silence.
func expectPlayableWAV(
    _ bytes: [UInt8], seconds expected: ClosedRange<Double> = 3...6, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    try #require(bytes.count > 44, sourceLocation: sourceLocation)
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
    func uint32(_ offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
    }
    func uint16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
    #expect(text(0..<4) == "RIFF", sourceLocation: sourceLocation)
    #expect(uint32(4) == bytes.count - 8, sourceLocation: sourceLocation)
    #expect(text(8..<12) == "WAVE", sourceLocation: sourceLocation)
    #expect(text(12..<16) == "fmt ", sourceLocation: sourceLocation)
    #expect(uint16(20) == 1, "PCM", sourceLocation: sourceLocation)
    #expect(uint16(22) == 1, "mono", sourceLocation: sourceLocation)
    #expect(uint32(24) == 8000, sourceLocation: sourceLocation)
    #expect(uint16(34) == 16, sourceLocation: sourceLocation)
    #expect(text(36..<40) == "data", sourceLocation: sourceLocation)
    let dataSize = uint32(40)
    #expect(dataSize == bytes.count - 44, sourceLocation: sourceLocation)
    let seconds = Double(dataSize) / 16000
    #expect(expected.contains(seconds), "\(seconds) s", sourceLocation: sourceLocation)
    let loudest = stride(from: 44, to: bytes.count - 1, by: 2).map { abs(Int(Int16(bitPattern: UInt16(uint16($0))))) }.max() ?? 0
    #expect(loudest > 3000, "audible", sourceLocation: sourceLocation)
}
