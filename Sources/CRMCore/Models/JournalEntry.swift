import Foundation
import PBXProtocol

/// One request to the integration endpoint, as received: kept so a PBX team can see exactly what
/// the CRM got. Secrets are redacted before an entry is made.
///
/// A request that did not present the right token is not kept whole: its entry is a summary (time,
/// `cmd`, status, client, size), and once a client has been refused in a minute, its further
/// refusals that minute are counted into one entry (`count`), so that anonymous traffic cannot
/// fill the disk.
public struct JournalEntry: Codable, Sendable, Equatable {
    /// Assigned by the store; nil until the entry is stored.
    public var id: Int64?
    public var time: Date
    /// `cmd` as sent (may be missing or unknown: those requests are journaled too).
    public var cmd: String?
    public var callid: String?
    /// The parameters as a JSON object with sorted keys, the form they are stored in: an entry is
    /// made on every request, and writing the JSON straight from the request's parameters costs
    /// less than building a dictionary first. Empty (`{}`) for refused requests.
    public var paramsJSON: [UInt8]
    public var status: Int
    public var latencyMs: Double
    /// Why a request was refused, for the reader of the journal; never sent to the PBX.
    public var error: String?
    /// The sender's address (`127.0.0.1`), when known.
    public var client: String?
    /// Bytes of the request's query string and body.
    public var requestBytes: Int?
    /// How many requests the entry stands for: more than one for coalesced refusals.
    public var count: Int

    /// Values longer than this are cut, with a marker, before they are journaled.
    public static let maximumValueBytes = 4096

    /// The parameters, last value winning.
    public var params: [String: String] {
        get { JSONText.parseStringObject(paramsJSON) ?? (try? ProtocolJSON.decode([String: String].self, from: paramsJSON)) ?? [:] }
        set { paramsJSON = JSONText.object(newValue) }
    }

    public init(
        time: Date, cmd: String?, callid: String?, params: [String: String], status: Int, latencyMs: Double, error: String? = nil,
        client: String? = nil, requestBytes: Int? = nil
    ) {
        self.init(
            time: time, cmd: cmd, callid: callid, paramsJSON: JSONText.object(params), status: status, latencyMs: latencyMs,
            error: error, client: client, requestBytes: requestBytes
        )
    }

    /// An entry for an authenticated request's parameters: secrets redacted, long values cut.
    public init(
        time: Date, cmd: String?, callid: String?, parameters: PBXParameters, status: Int, latencyMs: Double, error: String? = nil,
        client: String? = nil, requestBytes: Int? = nil
    ) {
        self.init(
            time: time, cmd: cmd, callid: callid, paramsJSON: parameters.jsonObject(truncatingValuesTo: Self.maximumValueBytes),
            status: status, latencyMs: latencyMs, error: error, client: client, requestBytes: requestBytes
        )
    }

    public init(
        id: Int64? = nil, time: Date, cmd: String?, callid: String?, paramsJSON: [UInt8], status: Int, latencyMs: Double,
        error: String? = nil, client: String? = nil, requestBytes: Int? = nil, count: Int = 1
    ) {
        self.id = id
        self.time = time
        self.cmd = cmd
        self.callid = callid
        self.paramsJSON = paramsJSON
        self.status = status
        self.latencyMs = latencyMs
        self.error = error
        self.client = client
        self.requestBytes = requestBytes
        self.count = count
    }

    enum CodingKeys: String, CodingKey {
        case id, time, cmd, callid, params, status, error, client, count
        case latencyMs = "latency_ms"
        case requestBytes = "request_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decodeIfPresent(Int64.self, forKey: .id), time: try container.decode(Date.self, forKey: .time),
            cmd: try container.decodeIfPresent(String.self, forKey: .cmd),
            callid: try container.decodeIfPresent(String.self, forKey: .callid),
            paramsJSON: JSONText.object(try container.decode([String: String].self, forKey: .params)),
            status: try container.decode(Int.self, forKey: .status), latencyMs: try container.decode(Double.self, forKey: .latencyMs),
            error: try container.decodeIfPresent(String.self, forKey: .error),
            client: try container.decodeIfPresent(String.self, forKey: .client),
            requestBytes: try container.decodeIfPresent(Int.self, forKey: .requestBytes),
            count: try container.decodeIfPresent(Int.self, forKey: .count) ?? 1
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(time, forKey: .time)
        try container.encodeIfPresent(cmd, forKey: .cmd)
        try container.encodeIfPresent(callid, forKey: .callid)
        try container.encode(params, forKey: .params)
        try container.encode(status, forKey: .status)
        try container.encode(latencyMs, forKey: .latencyMs)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(client, forKey: .client)
        try container.encodeIfPresent(requestBytes, forKey: .requestBytes)
        try container.encode(count, forKey: .count)
    }
}

/// Which journal entries to read: the newest `limit` that match, before a cursor.
public struct JournalFilter: Sendable, Equatable {
    public var callid: String?
    public var cmd: String?
    /// Only entries older than this id: the cursor of the next page back.
    public var before: Int64?
    public var limit: Int

    public init(callid: String? = nil, cmd: String? = nil, before: Int64? = nil, limit: Int = 100) {
        self.callid = callid
        self.cmd = cmd
        self.before = before
        self.limit = limit
    }
}
