import Foundation
import PBXProtocol

/// One request to the integration endpoint, as received: kept so a PBX team can see exactly what
/// the CRM got. Secrets are redacted before an entry is made.
public struct JournalEntry: Codable, Sendable, Equatable {
    public var time: Date
    /// `cmd` as sent (may be missing or unknown: those requests are journaled too).
    public var cmd: String?
    public var callid: String?
    /// The parameters as a JSON object with sorted keys, the form they are stored in: an entry is
    /// made on every request, and writing the JSON straight from the request's parameters costs
    /// less than building a dictionary first.
    public var paramsJSON: [UInt8]
    public var status: Int
    public var latencyMs: Double
    /// Why a request was refused, for the reader of the journal; never sent to the PBX.
    public var error: String?

    /// The parameters, last value winning.
    public var params: [String: String] {
        get { JSONText.parseStringObject(paramsJSON) ?? (try? ProtocolJSON.decode([String: String].self, from: paramsJSON)) ?? [:] }
        set { paramsJSON = JSONText.object(newValue) }
    }

    public init(time: Date, cmd: String?, callid: String?, params: [String: String], status: Int, latencyMs: Double, error: String? = nil) {
        self.init(time: time, cmd: cmd, callid: callid, paramsJSON: JSONText.object(params), status: status, latencyMs: latencyMs, error: error)
    }

    /// An entry for a request's parameters, secrets redacted.
    public init(time: Date, cmd: String?, callid: String?, parameters: PBXParameters, status: Int, latencyMs: Double, error: String? = nil) {
        self.init(
            time: time, cmd: cmd, callid: callid, paramsJSON: parameters.jsonObject(), status: status, latencyMs: latencyMs, error: error
        )
    }

    public init(time: Date, cmd: String?, callid: String?, paramsJSON: [UInt8], status: Int, latencyMs: Double, error: String? = nil) {
        self.time = time
        self.cmd = cmd
        self.callid = callid
        self.paramsJSON = paramsJSON
        self.status = status
        self.latencyMs = latencyMs
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case time, cmd, callid, params, status, error
        case latencyMs = "latency_ms"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            time: try container.decode(Date.self, forKey: .time), cmd: try container.decodeIfPresent(String.self, forKey: .cmd),
            callid: try container.decodeIfPresent(String.self, forKey: .callid),
            params: try container.decode([String: String].self, forKey: .params), status: try container.decode(Int.self, forKey: .status),
            latencyMs: try container.decode(Double.self, forKey: .latencyMs), error: try container.decodeIfPresent(String.self, forKey: .error)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(time, forKey: .time)
        try container.encodeIfPresent(cmd, forKey: .cmd)
        try container.encodeIfPresent(callid, forKey: .callid)
        try container.encode(params, forKey: .params)
        try container.encode(status, forKey: .status)
        try container.encode(latencyMs, forKey: .latencyMs)
        try container.encodeIfPresent(error, forKey: .error)
    }
}

public struct JournalFilter: Sendable, Equatable {
    public var callid: String?
    public var cmd: String?
    public var limit: Int

    public init(callid: String? = nil, cmd: String? = nil, limit: Int = 100) {
        self.callid = callid
        self.cmd = cmd
        self.limit = limit
    }
}
