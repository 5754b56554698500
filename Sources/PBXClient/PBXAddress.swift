import Foundation

/// A PBX base URL, checked and normalised: `https://DOMAIN`, or any `http(s)://host[:port][/prefix]`.
struct PBXAddress: Sendable, Equatable {
    /// Without a trailing slash, so that `base + PBXAPI.loginPath` is the endpoint.
    let base: String
    /// `host:port`, for messages.
    let endpoint: String

    init(_ text: String) throws(PBXClientError) {
        var trimmed = text.trimmingWhitespace
        // Administrators know their PBX by its domain (`company.gravitel.ru`); the spec's URLs are https.
        if !trimmed.contains("://") { trimmed = "https://" + trimmed }
        guard let components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil, components.query == nil, components.fragment == nil
        else { throw .invalidBaseURL(text) }
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        base = trimmed
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        endpoint = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
