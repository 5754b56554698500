import HTTPTypes
import Hummingbird

/// Browser hardening for the UI: no inline scripts, no framing, no MIME sniffing.
/// Recordings may live on the PBX's own hosts, hence `media-src` beyond `'self'`.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // The PBX's endpoint is not a page: keep its hot path lean.
        if request.uri.path != IntegrationController.path { Self.harden(&response) }
        return response
    }

    @inline(never)
    static func harden(_ response: inout Response) {
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; media-src 'self' http: https:; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
    }
}
