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
    /// The parameters, the last of a repeated name winning, secrets as `***`; empty for refused requests.
    public var params: [String: String]
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
    /// The body the CRM answered, cut like a parameter's value past `maximumAnswerBytes`; nil for
    /// refused requests and for entries journaled before answers were kept.
    public var answer: String?

    /// Values longer than this are cut, with a marker, before they are journaled.
    public static let maximumValueBytes = 4096
    /// Answers longer than this are cut the same way: room for a `users` answer of a thousand managers.
    public static let maximumAnswerBytes = 64 * 1024

    public init(
        id: Int64? = nil, time: Date, cmd: String?, callid: String?, params: [String: String], status: Int, latencyMs: Double,
        error: String? = nil, client: String? = nil, requestBytes: Int? = nil, count: Int = 1, answer: String? = nil
    ) {
        self.id = id
        self.time = time
        self.cmd = cmd
        self.callid = callid
        self.params = params
        self.status = status
        self.latencyMs = latencyMs
        self.error = error
        self.client = client
        self.requestBytes = requestBytes
        self.count = count
        self.answer = answer
    }

    /// An entry for an authenticated request's parameters: secrets redacted, long values cut.
    public init(
        time: Date, cmd: String?, callid: String?, parameters: PBXParameters, status: Int, latencyMs: Double, error: String? = nil,
        client: String? = nil, requestBytes: Int? = nil, answer: [UInt8]? = nil
    ) {
        self.init(
            time: time, cmd: cmd, callid: callid, params: parameters.dictionary().mapValues { Self.truncated($0) }, status: status,
            latencyMs: latencyMs, error: error, client: client, requestBytes: requestBytes,
            answer: answer.map { Self.truncated(String(decoding: $0, as: UTF8.self), maximumBytes: Self.maximumAnswerBytes) }
        )
    }

    /// `value`, cut at a character boundary after `maximumBytes` and marked `…[+N bytes]`.
    static func truncated(_ value: String, maximumBytes: Int = maximumValueBytes) -> String {
        let utf8 = value.utf8
        guard utf8.count > maximumBytes else { return value }
        var end = utf8.index(utf8.startIndex, offsetBy: maximumBytes)
        // Back off to the start of a character: a UTF-8 continuation byte is 10xxxxxx.
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        let kept = utf8[..<end]
        return String(decoding: kept, as: UTF8.self) + "…[+\(utf8.count - kept.count) bytes]"
    }

    enum CodingKeys: String, CodingKey {
        case id, time, cmd, callid, params, status, error, client, count, answer
        case latencyMs = "latency_ms"
        case requestBytes = "request_bytes"
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

/// Which journal entries an export reads: those received in `since..<until` (either end open), of
/// one call when `callid` is set, oldest first.
public struct JournalRange: Sendable, Equatable {
    public var since: Date?
    public var until: Date?
    public var callid: String?

    public init(since: Date? = nil, until: Date? = nil, callid: String? = nil) {
        self.since = since
        self.until = until
        self.callid = callid
    }
}
