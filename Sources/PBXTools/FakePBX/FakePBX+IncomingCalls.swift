import Foundation
import Hummingbird
import PBXProtocol

/// Calls the fake PBX plays to its CRM on its own, as calls come in to a real PBX: `POST /fake/calls`
/// `{"scenario":"answered","phone":"79161234567","users":["ivanov"]}`, or `play(_:)` in-process. Each is
/// filed in the PBX's history whether or not the CRM took its pushes, so a CRM that was down can sync it.
extension FakePBX {
    /// What `POST /fake/calls` takes; all but `scenario` optional.
    public struct CallOrder: Codable, Sendable {
        public var scenario: ScenarioKind
        public var phone: String?
        /// Who the call rings: the first account when none are given.
        public var users: [String]?
        public var callid: String?
        /// The company number dialled.
        public var diversion: String?

        public init(scenario: ScenarioKind, phone: String? = nil, users: [String]? = nil, callid: String? = nil, diversion: String? = nil) {
            self.scenario = scenario
            self.phone = phone
            self.users = users
            self.callid = callid
            self.diversion = diversion
        }
    }

    /// `{"callid":"…","requests":5,"refused":0}`: what happened once the call is over.
    public struct CallReport: Codable, Sendable, Equatable {
        public var callid: String
        public var requests: Int
        /// Requests the CRM did not answer 200, or at all.
        public var refused: Int
    }

    /// Plays `order` to the connected CRM with this PBX's ring and talk times, and files it; nil
    /// when no CRM is connected.
    public func play(_ order: CallOrder) async -> CallReport? {
        guard let connection = await state.connection else { return nil }
        let callid = order.callid ?? UUID().uuidString.lowercased()
        let baseURL = await state.baseURL ?? configuration.listeningBaseURL(port: configuration.port)
        let call = CallSettings(
            callid: callid, phone: PhoneNumber(order.phone ?? "79161234567"),
            users: order.users ?? configuration.accounts.prefix(1).map(\.name), diversion: order.diversion,
            ringTime: configuration.ringDelay, talkTime: configuration.talkDuration, recordingURL: "\(baseURL)/recordings/{callid}.wav",
            groupID: "g_" + UUID().uuidString.lowercased()
        )
        let scenario = order.scenario.scenario(call)
        let client = CRMEndpointClient(
            url: connection.url, token: connection.crmToken, httpClient: configuration.httpClient, timeout: configuration.playbackTimeout)
        let result = await Simulator(client: client, logger: logger).run(scenario)
        for case .history(let pushed) in scenario.steps.map(\.request) {
            await state.recordHistory(configuration.historyRecord(of: pushed))
        }
        logger.info("Incoming call played", metadata: ["callid": "\(callid)", "scenario": "\(order.scenario.rawValue)"])
        return CallReport(callid: callid, requests: result.outcomes.count, refused: result.outcomes.count { !$0.succeeded })
    }

    /// `POST /fake/calls`: answers once the call is over.
    func placeIncoming(_ request: Request) async -> Response {
        guard let body = try? await request.body.collect(upTo: Self.maxBodySize),
            let order = try? JSONDecoder().decode(CallOrder.self, from: Data(body.readableBytesView))
        else {
            return .protocolError(.invalidParameters("expected {\"scenario\":\"answered\",…}"))
        }
        guard let report = await play(order) else {
            return .protocolJSON(ErrorResponse(error: "No CRM is connected"), status: .conflict)
        }
        return .protocolJSON(report)
    }
}
