import Foundation

/// How this CRM and its PBX are connected. Stored in the database; the PBX admin password never is.
public struct IntegrationSettings: Sendable, Equatable {
    /// The secret the PBX presents on every request to `/crm_integration`.
    public var crmToken: String
    /// `user` and `responsible` are PBX account names, mapped to managers by the CRM.
    public var selfMap: Bool
    /// `https://DOMAIN` of the PBX, or any `http(s)://host:port` base (test PBXs).
    public var pbxBaseURL: String?
    /// The secret the CRM presents to the PBX, returned by `api_login`.
    public var pbxToken: String?
    public var crmCode: String?
    /// MiniCRM's `/crm_integration` URL as given to the PBX.
    public var publicURL: String?
    public var connectedAt: Date?

    public init(
        crmToken: String, selfMap: Bool = false, pbxBaseURL: String? = nil, pbxToken: String? = nil, crmCode: String? = nil,
        publicURL: String? = nil, connectedAt: Date? = nil
    ) {
        self.crmToken = crmToken
        self.selfMap = selfMap
        self.pbxBaseURL = pbxBaseURL
        self.pbxToken = pbxToken
        self.crmCode = crmCode
        self.publicURL = publicURL
        self.connectedAt = connectedAt
    }

    public var isConnected: Bool { pbxBaseURL != nil && pbxToken != nil }
}
