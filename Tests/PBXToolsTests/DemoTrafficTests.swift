import AsyncHTTPClient
import Foundation
import MiniCRMTesting
import PBXProtocol
import PBXTools
import Testing

@Suite struct DemoTrafficTests {
    let traffic = DemoTraffic(
        callers: [
            .init(phone: PhoneNumber("79161234567"), responsible: "petrova"),
            .init(phone: PhoneNumber("79031112233"), responsible: nil),
        ],
        managers: ["ivanov", "petrova", "kozlov", "volkova"], favourite: "ivanov", recordingURL: "http://pbx.test/recordings/{callid}.wav",
        seed: 7
    )

    func steps(_ scenario: CallScenario) -> [CRMRequest] { scenario.steps.map(\.request) }

    @Test func knownCallersRingTheirOwnManagerAndGroupsAlwaysIncludeTheFavourite() {
        var kinds: [String: Int] = [:]
        for number in 0..<300 {
            let scenario = traffic.scenario(number: number)
            kinds[scenario.name, default: 0] += 1
            let events = steps(scenario).compactMap { request -> EventRequest? in
                if case .event(let event) = request { return event }
                return nil
            }
            if scenario.name == "group" {
                #expect(events.contains { $0.user == "ivanov" && $0.type == .incoming })
            }
            if scenario.name == "answered" || scenario.name == "missed", let first = events.first, first.phone.value == "+79161234567" {
                #expect(first.user == "petrova")
            }
        }
        // Every kind shows up in a few minutes of demo.
        for kind in ["answered", "missed", "group", "outgoing", "busy", "transfer"] {
            #expect((kinds[kind] ?? 0) > 0, "\(kind) never played")
        }
    }

    @Test func theSameSeedPlaysTheSameDemo() {
        let start = Date(timeIntervalSince1970: 1_796_000_000)
        #expect(steps(traffic.scenario(number: 42, start: start)) == steps(traffic.scenario(number: 42, start: start)))
        #expect(steps(traffic.scenario(number: 42, start: start)) != steps(traffic.scenario(number: 43, start: start)))
    }

    @Test func recordingsOfDemoCallsReallyPlayFromTheFakePBX() async throws {
        try await withFakePBX(configure: { $0.recordsEveryCall = true }) { pbx in
            let demo = DemoTraffic(callers: [], managers: ["ivanov"], recordingURL: pbx.baseURL + "/recordings/{callid}.wav", seed: 1)
            let history = try #require(
                (0..<50).lazy.map { demo.scenario(number: $0) }.compactMap { scenario in
                    scenario.steps.compactMap { step -> HistoryRequest? in
                        if case .history(let history) = step.request, !history.links.isEmpty { return history }
                        return nil
                    }.first
                }.first
            )
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: history.links[0]), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 4 << 20)
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "Content-Type") == "audio/wav")
            #expect(String(decoding: Array(body.readableBytesView.prefix(4)), as: UTF8.self) == "RIFF")
        }
    }
}
