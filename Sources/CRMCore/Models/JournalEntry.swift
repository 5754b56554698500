import Foundation

/// One request to the integration endpoint, as received: kept so a PBX team can see exactly what
/// the CRM got. Secrets are redacted before an entry is made.
public struct JournalEntry: Codable, Sendable, Equatable {
    public var time: Date
    /// `cmd` as sent (may be missing or unknown: those requests are journaled too).
    public var cmd: String?
    public var callid: String?
    public var params: [String: String]
    public var status: Int
    public var latencyMs: Double
    /// Why a request was refused, for the reader of the journal; never sent to the PBX.
    public var error: String?

    public init(time: Date, cmd: String?, callid: String?, params: [String: String], status: Int, latencyMs: Double, error: String? = nil) {
        self.time = time
        self.cmd = cmd
        self.callid = callid
        self.params = params
        self.status = status
        self.latencyMs = latencyMs
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case time, cmd, callid, params, status, error
        case latencyMs = "latency_ms"
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
