import AsyncHTTPClient
import Foundation
import PBXProtocol
import Synchronization

/// What every check works with: the client, the options, and fresh test data for each probe.
public final class ConformanceContext: Sendable {
    public let options: ConformanceOptions
    public let client: CRMEndpointClient
    public let inspector: CallInspector?
    /// The `user` events and history are sent for: an expected user, else the first the CRM lists.
    public let users: [String]
    private let counter = Atomic<Int>(0)
    /// Where this run's unknown numbers start, so that a CRM which files unknown callers as new
    /// contacts never sees the same number twice.
    private let phoneBase: Int

    init(options: ConformanceOptions, client: CRMEndpointClient, inspector: CallInspector?, users: [String]) {
        self.options = options
        self.client = client
        self.inspector = inspector
        self.users = users.isEmpty ? ["conformance"] : users
        phoneBase = Int.random(in: 0..<9_000) * 1_000
    }

    public var user: String { users[0] }

    /// `conf-k3f9q2-7`: unique within the run, and across runs.
    public func nextCallid() -> String {
        options.runPrefix + String(counter.add(1, ordering: .relaxed).newValue)
    }

    /// 7999xxxxxxx: a well-formed Russian mobile number no real contact has, new on every call.
    public func nextUnknownPhone() -> String {
        String(79_990_000_000 + phoneBase + counter.add(1, ordering: .relaxed).newValue)
    }

    /// Sends `parameters` with the configured token unless they carry their own `crm_token`.
    public func send(_ parameters: PBXParameters, via encoding: WireEncoding = .form) async throws -> CRMEndpointClient.Exchange {
        var parameters = parameters
        if parameters[CRMRequest.tokenParameter] == nil { parameters.append(CRMRequest.tokenParameter, options.token) }
        return try await send(raw: parameters, via: encoding)
    }

    /// Sends exactly `parameters`: no token is added.
    public func send(raw parameters: PBXParameters, via encoding: WireEncoding) async throws -> CRMEndpointClient.Exchange {
        switch encoding {
        case .body(let bodyEncoding): try await client.send(parameters: parameters, encoding: bodyEncoding)
        case .query: try await client.send(parameters: PBXParameters(), query: parameters)
        }
    }

    // Realistic requests, each with a fresh callid and an unknown caller unless told otherwise.

    func contact(phone: String? = nil, callid: String? = nil) -> PBXParameters {
        ["cmd": "contact", "phone": phone ?? nextUnknownPhone(), "callid": callid ?? nextCallid()]
    }

    func event(_ type: String, phone: String, user: String? = nil, callid: String) -> PBXParameters {
        ["cmd": "event", "type": type, "phone": phone, "user": user ?? self.user, "callid": callid]
    }

    func history(
        phone: String? = nil, user: String? = nil, callid: String? = nil, status: String = "Success", duration: Int = 42
    )
        -> PBXParameters
    {
        [
            "cmd": "history", "type": "in", "status": status, "phone": phone ?? nextUnknownPhone(), "user": user ?? self.user,
            "duration": String(duration), "callid": callid ?? nextCallid(),
            "start": ProtocolTimestamp.format(Date().addingTimeInterval(-Double(duration))),
        ]
    }

    func rating(callid: String? = nil) -> PBXParameters {
        ["cmd": "rating", "callid": callid ?? nextCallid(), "rating": "5", "user": user, "phone": nextUnknownPhone()]
    }
}

/// How a probe carries its parameters: in a body of one of the three encodings, or in the URL.
public enum WireEncoding: Sendable, Hashable, CustomStringConvertible {
    case body(BodyEncoding)
    case query

    public static let form = WireEncoding.body(.form)
    public static let all: [WireEncoding] = BodyEncoding.allCases.map(WireEncoding.body) + [.query]

    public var description: String {
        switch self {
        case .body(let encoding): encoding.rawValue
        case .query: "query string"
        }
    }
}
