/// The browser flow of `api_login.wcgp`: without `login` and `password` the CRM sends the
/// administrator's browser to the PBX's own login page, and once they sign in the PBX sends the
/// browser back to `redirect_url`.
///
/// The spec leaves open how the PBX's `token` travels back. MiniCRM's decision, shared by its CRM and
/// its fake PBX: the PBX appends `token=<token>` to `redirect_url` as a query parameter.
public enum PBXLoginRedirect {
    /// The query parameter of `redirect_url` that carries the PBX's token back.
    public static let tokenParameter = "token"

    /// The query of the login page the CRM opens in the browser: the login request without credentials.
    public static func loginPageQuery(_ request: PBXLoginRequest) -> PBXParameters {
        var request = request
        request.login = nil
        request.password = nil
        return request.parameters
    }

    /// `redirectURL` with `token=…` added to its query, before any `#fragment`.
    public static func returnURL(redirectURL: String, token: String) -> String {
        var base = Substring(redirectURL)
        var fragment: Substring = ""
        if let hash = base.firstIndex(of: "#") {
            fragment = base[hash...]
            base = base[..<hash]
        }
        let separator = !base.contains("?") ? "?" : (base.hasSuffix("?") || base.hasSuffix("&") ? "" : "&")
        return base + separator + FormURLEncoding.encode([tokenParameter: token]) + fragment
    }

    /// Whether `redirect_url` may be sent a browser: an absolute `http` or `https` URL, so that a
    /// crafted login link cannot bounce the administrator to `javascript:` or another scheme.
    public static func isAcceptableRedirectURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else { return false }
        let afterScheme = lowered.drop(while: { $0 != "/" }).dropFirst(2)
        let authority = afterScheme.prefix(while: { !"/?#".contains($0) })
        return !authority.isEmpty && !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
    }
}
