import Foundation
import PBXProtocol
import Synchronization

/// The integration settings, read on every request from memory and written through to the store.
public final class IntegrationConfiguration: Sendable {
    private let current: Mutex<IntegrationSettings>
    private let store: any SettingsStore

    private init(store: any SettingsStore, settings: IntegrationSettings) {
        self.store = store
        self.current = Mutex(settings)
    }

    /// Loads the stored settings. Without a stored `crm_token` one is generated and stored, so the
    /// URL and token given to a PBX stay valid across restarts. `overridingToken` (the `--crm-token`
    /// flag) wins for this run without being stored.
    public static func load(from store: any SettingsStore, overridingToken: String? = nil) async throws -> IntegrationConfiguration {
        var values = try await store.settings()
        if (values[Key.crmToken] ?? "").isEmpty {
            let token = SecretToken.generate()
            try await store.updateSettings([Key.crmToken: token])
            values[Key.crmToken] = token
        }
        var settings = Self.decode(values)
        if let overridingToken, !overridingToken.isEmpty { settings.crmToken = overridingToken }
        return IntegrationConfiguration(store: store, settings: settings)
    }

    public var settings: IntegrationSettings { current.withLock { $0 } }

    /// Stores the new settings, then makes them current. The token is written only when the change
    /// replaced it, so a `--crm-token` override never ends up stored.
    public func update(_ change: (inout IntegrationSettings) -> Void) async throws {
        let previous = settings
        var next = previous
        change(&next)
        var changes = Self.encode(next)
        if next.crmToken == previous.crmToken { changes.removeValue(forKey: Key.crmToken) }
        try await store.updateSettings(changes)
        current.withLock { $0 = next }
    }

    /// `self_map`, without copying the rest of the settings (read on every `contact` answered).
    public var selfMap: Bool { current.withLock { $0.selfMap } }

    /// Whether `candidate` is the `crm_token`, compared in constant time.
    public func acceptsToken(_ candidate: String?) -> Bool {
        guard let candidate else { return false }
        let expected = current.withLock { $0.crmToken }
        return !expected.isEmpty && ConstantTime.equals(candidate, expected: expected)
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

    static func decode(_ values: [String: String]) -> IntegrationSettings {
        IntegrationSettings(
            crmToken: values[Key.crmToken] ?? "",
            selfMap: values[Key.selfMap] == "true",
            pbxBaseURL: values[Key.pbxBaseURL],
            pbxToken: values[Key.pbxToken],
            crmCode: values[Key.crmCode],
            publicURL: values[Key.publicURL],
            connectedAt: values[Key.connectedAt].flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
        )
    }

    static func encode(_ settings: IntegrationSettings) -> [String: String?] {
        [
            Key.crmToken: settings.crmToken,
            Key.selfMap: settings.selfMap ? "true" : "false",
            Key.pbxBaseURL: settings.pbxBaseURL,
            Key.pbxToken: settings.pbxToken,
            Key.crmCode: settings.crmCode,
            Key.publicURL: settings.publicURL,
            Key.connectedAt: settings.connectedAt.map { String($0.timeIntervalSince1970) },
        ]
    }
}

/// Secrets MiniCRM hands out: 192 random bits from the system's secure generator, as hex.
public enum SecretToken {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
