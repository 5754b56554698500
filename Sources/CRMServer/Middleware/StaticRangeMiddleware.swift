import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOPosix

/// Correct `Range` answers for the static files, in front of Hummingbird's `FileMiddleware`.
///
/// `FileMiddleware` (2.28) reads `bytes=-1` as bytes 0–1, answers `bytes=N-` past the end with a
/// `206` and a negative `Content-Length`, and `bytes=9223372036854775807-` likewise. Here the header
/// is resolved against the file's size by `ByteRange` first: a satisfiable range is handed on in
/// the explicit `bytes=first-last` form `FileMiddleware` handles correctly, one it should ignore is
/// removed (the whole file), and an unsatisfiable one is answered `416` with `Content-Range: bytes */size`.
struct StaticRangeMiddleware<Context: RequestContext>: RouterMiddleware {
    let files: LocalFileSystem
    /// Paths the routes answer, not files.
    let routedPrefixes = ["/api/", "/crm_integration", "/health", "/metrics"]

    init(publicDirectory: String) {
        var quiet = Logger(label: "minicrm.files")
        quiet.logLevel = .warning  // FileMiddleware already said where the files are served from.
        files = LocalFileSystem(rootFolder: publicDirectory, threadPool: .singleton, logger: quiet)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, let header = request.headers[.range],
            let size = await fileSize(request.uri.path)
        else { return try await next(request, context) }
        switch ByteRange.parse(header, size: size) {
        case .whole:
            return try await next(Self.request(request, range: nil), context)
        case .partial(let range):
            return try await next(Self.request(request, range: "bytes=\(range.start)-\(range.end)"), context)
        case .unsatisfiable:
            // With `If-Range` the whole file may be the right answer: RFC 9110 lets a server ignore Range.
            guard request.headers[.ifRange] == nil else { return try await next(Self.request(request, range: nil), context) }
            return Response(
                status: .rangeNotSatisfiable,
                headers: [.contentRange: "bytes */\(size)", .contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"error":"Range not satisfiable"}"#))
            )
        }
    }

    /// The request with its `Range` header replaced (nil: removed).
    private static func request(_ request: Request, range: String?) -> Request {
        var head = request.head
        head.headerFields[.range] = range
        return Request(head: head, body: request.body)
    }

    /// The size of the regular file `path` names, as `FileMiddleware` would find it; nil for anything else.
    private func fileSize(_ path: String) async -> Int? {
        guard !routedPrefixes.contains(where: { path.hasPrefix($0) }), let decoded = path.removingPercentEncoding,
            !decoded.contains(".."), let id = files.getFileIdentifier(decoded),
            let attributes = try? await files.getAttributes(id: id), !attributes.isFolder
        else { return nil }
        return attributes.size
    }
}
