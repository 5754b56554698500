import Foundation
import HTTPTypes
import Hummingbird

/// CSRF defence for the JSON API: a request that changes state (anything but GET, HEAD, OPTIONS)
/// must come from MiniCRM's own origin, and must not carry a body a cross-site form can send.
///
/// - `Sec-Fetch-Site`, when the browser sends it, must be `same-origin` (or `none`: typed by the
///   user). Otherwise `Origin`, when sent, must be MiniCRM's: the `Host` the browser addressed, or
///   the origin of `--public-url`. A request with neither comes from no browser (curl, scripts).
/// - `text/plain`, `application/x-www-form-urlencoded` and `multipart/form-data` — the bodies a
///   cross-site page can post without asking — are refused (415): the API reads JSON (or, where a
///   route says so, types such as `text/csv` that no form can send).
///
/// Bodiless POSTs (`/api/admin/reset`, `/api/logout`) are covered by the first rule. The PBX's
/// `/crm_integration` is outside `/api` and exempt: it is token-authenticated and cross-site by design.
struct SameOriginMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// `https://crm.example.com` from `--public-url`, lowercased.
    let publicOrigin: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.changesState(request.method), request.uri.path.hasPrefix("/api/") { try check(request) }
        return try await next(request, context)
    }

    static func changesState(_ method: HTTPRequest.Method) -> Bool {
        method != .get && method != .head && method != .options
    }

    static let formTypes: Set<String> = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]

    func check(_ request: Request) throws {
        if let fetchSite = request.headers[.secFetchSite]?.lowercased() {
            guard fetchSite == "same-origin" || fetchSite == "none" else { throw Self.crossSite }
        } else if let origin = request.headers[.origin] {
            guard isOwn(origin: origin.lowercased(), host: request.head.authority?.lowercased()) else { throw Self.crossSite }
        }
        let mediaType = request.headers[.contentType].flatMap { $0.split(separator: ";").first?.trimmingWhitespace.lowercased() }
        if let mediaType, Self.formTypes.contains(mediaType) {
            throw APIError(.unsupportedMediaType, "Send JSON with Content-Type: application/json")
        }
    }

    private func isOwn(origin: String, host: String?) -> Bool {
        if let publicOrigin, origin == publicOrigin { return true }
        guard let host, origin != "null" else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }

    static let crossSite = APIError(.forbidden, "Cross-site request refused: the API only takes changes from MiniCRM's own pages")

    /// `scheme://host[:port]` of a URL, lowercased, as browsers send `Origin`.
    static func origin(of url: String?) -> String? {
        guard let url, let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        let defaultPort = scheme == "https" ? 443 : 80
        let port = components.port.flatMap { $0 == defaultPort ? nil : ":\($0)" } ?? ""
        return "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)\(port)"
    }
}
