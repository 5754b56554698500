import Foundation

/// The settings as the store keeps them: one key each.
extension IntegrationSettings {
    /// The stored settings. Without a stored `crm_token` one is generated and stored first.
    static func load(from store: any CRMStore) async throws -> IntegrationSettings {
        var values = try await store.settings()
        if (values[Key.crmToken] ?? "").isEmpty {
            let token = SecretToken.generate()
            try await store.updateSettings([Key.crmToken: token])
            values[Key.crmToken] = token
        }
        return IntegrationSettings(
            crmToken: values[Key.crmToken] ?? "", selfMap: values[Key.selfMap] == "true", pbxBaseURL: values[Key.pbxBaseURL],
            pbxToken: values[Key.pbxToken], crmCode: values[Key.crmCode], publicURL: values[Key.publicURL],
            connectedAt: values[Key.connectedAt].flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
        )
    }

    /// What to store for a change from `previous`: every key, but the token only when it changed.
    func storedChanges(from previous: IntegrationSettings) -> [String: String?] {
        var changes: [String: String?] = [
            Key.selfMap: selfMap ? "true" : "false", Key.pbxBaseURL: pbxBaseURL, Key.pbxToken: pbxToken, Key.crmCode: crmCode,
            Key.publicURL: publicURL, Key.connectedAt: connectedAt.map { String($0.timeIntervalSince1970) },
        ]
        if crmToken != previous.crmToken { changes[Key.crmToken] = crmToken }
        return changes
    }

    enum Key {
        static let crmToken = "crm_token"
        static let selfMap = "self_map"
        static let pbxBaseURL = "pbx_base_url"
        static let pbxToken = "pbx_token"
        static let crmCode = "crm_code"
        static let publicURL = "public_url"
        static let connectedAt = "connected_at"
    }
}

/// Secrets MiniCRM hands out: 192 random bits from the system's secure generator, as hex.
public enum SecretToken {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
