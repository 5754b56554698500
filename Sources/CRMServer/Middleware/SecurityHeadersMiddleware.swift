import HTTPTypes
import Hummingbird

/// Browser hardening on every page and API answer, errors included (it wraps `ErrorMiddleware`): no
/// inline scripts, no framing, no MIME sniffing, no referrer beyond the origin, and no caching of
/// API answers — they carry contacts, calls and sessions. Recordings may live on the PBX's own
/// hosts, hence `media-src` beyond `'self'`.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        // The PBX's endpoint is not a page: keep its hot path lean.
        guard path != IntegrationController.path else { return try await next(request, context) }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try ErrorMiddleware<Context>.render(error, path: path, logger: context.logger)
        }
        Self.harden(&response, api: path.hasPrefix("/api/") || path == "/metrics")
        return response
    }

    @inline(never)
    static func harden(_ response: inout Response, api: Bool) {
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; media-src 'self' http: https:; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        // A redirect that carried a token in its URL says `no-referrer` itself.
        if response.headers[.referrerPolicy] == nil { response.headers[.referrerPolicy] = "same-origin" }
        if api { response.headers[.cacheControl] = "no-store" }
    }
}
