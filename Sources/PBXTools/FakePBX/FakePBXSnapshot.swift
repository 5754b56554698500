import Foundation
import PBXProtocol

/// What the fake PBX has seen and done, as `GET /fake/state` shows it: the connected CRM, every
/// `api_login` attempt, every `makeCall` received, and the playback of each placed call.
/// Secrets appear masked only; the password never appears at all.
public struct FakePBXSnapshot: Codable, Sendable, Equatable {
    public struct ConnectedCRM: Codable, Sendable, Equatable {
        public var crmCode: String
        public var url: String
        public var selfMap: Bool
        /// `api` for a login with credentials, `browser` for the redirect flow.
        public var via: String
        public var connectedAt: String
        public var crmTokenMasked: String
        public var tokenMasked: String

        enum CodingKeys: String, CodingKey {
            case crmCode = "crm_code", url, selfMap = "self_map", via, connectedAt = "connected_at"
            case crmTokenMasked = "crm_token_masked", tokenMasked = "token_masked"
        }
    }

    public struct LoginAttempt: Codable, Sendable, Equatable {
        public var time: String
        public var via: String
        public var crmCode: String?
        public var url: String?
        public var login: String?
        /// Unknown for a request too malformed to read.
        public var selfMap: Bool?
        public var status: Int
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case time, via, crmCode = "crm_code", url, login, selfMap = "self_map", status, error
        }
    }

    public struct MakeCall: Codable, Sendable, Equatable {
        public var time: String
        /// As received, before any check.
        public var phone: String?
        public var user: String?
        public var clid: String?
        public var status: Int
        public var callid: String?
        public var error: String?
    }

    public struct Playback: Codable, Sendable, Equatable {
        public var callid: String
        public var phone: String
        public var user: String
        public var crmURL: String
        public var steps: [Step]
        /// All four requests were sent (whatever the CRM answered).
        public var finished: Bool
        /// Stopped early by a shutdown.
        public var interrupted: Bool

        enum CodingKeys: String, CodingKey {
            case callid, phone, user, crmURL = "crm_url", steps, finished, interrupted
        }
    }

    /// One request of a playback and the CRM's answer.
    public struct Step: Codable, Sendable, Equatable {
        public var time: String
        /// `event` or `history`.
        public var cmd: String
        /// The event type, or the history's direction.
        public var type: String
        /// The CRM's HTTP status; nil when the request failed.
        public var status: Int?
        public var error: String?
        public var milliseconds: Int
    }

    public var connectedCRM: ConnectedCRM?
    public var loginAttempts: [LoginAttempt]
    public var makeCalls: [MakeCall]
    public var playbacks: [Playback]

    enum CodingKeys: String, CodingKey {
        case connectedCRM = "connected_crm", loginAttempts = "login_attempts", makeCalls = "make_calls", playbacks
    }

    /// Enough of a secret to tell two apart, not enough to use it; a short one shows only its length.
    static func mask(_ secret: String) -> String {
        secret.count < 16 ? "***(\(secret.count) chars)" : "\(secret.prefix(4))…(\(secret.count) chars)"
    }

    static func now() -> String { ProtocolTimestamp.iso8601(Date()) }
}
