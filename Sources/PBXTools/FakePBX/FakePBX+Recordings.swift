import Hummingbird
import NIOCore
import PBXProtocol

/// `GET /recordings/{callid}.wav?seconds=N`: the recording a `history` links to, for calls this PBX
/// placed (or any call, with `recordsEveryCall`), as long as the call's talk (`seconds`, which the
/// links it hands out carry). It is made as it is sent, never stored.
extension FakePBX {
    /// How much of a recording is made and sent at a time.
    static let recordingChunk = 64 * 1024

    func recording(_ request: Request, callid: String) async -> Response {
        let recorded = configuration.recordsEveryCall ? !callid.isEmpty : await state.hasRecording(callid: callid)
        guard recorded else {
            return Response(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "No such recording\n"))
            )
        }
        let seconds = request.uri.queryParameters.get("seconds").flatMap(Double.init) ?? CallRecording.defaultSeconds
        let recording = CallRecording(callid: callid, seconds: seconds)
        let length = recording.byteCount
        var headers: HTTPFields = [
            .contentType: "audio/wav", .acceptRanges: "bytes", .cacheControl: "private, max-age=3600",
            // A CRM's page may fetch it for a player of its own, not only through <audio>.
            .accessControlAllowOrigin: "*",
        ]
        // Safari plays media only from servers that answer byte ranges.
        var status = HTTPResponse.Status.ok
        var range = 0..<length
        if let rangeHeader = request.headers[.range] {
            guard let requested = ByteRange.parse(rangeHeader, length: length) else {
                headers[.contentRange] = "bytes */\(length)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            headers[.contentRange] = "bytes \(requested.lowerBound)-\(requested.upperBound)/\(length)"
            status = .partialContent
            range = requested.lowerBound..<(requested.upperBound + 1)
        }
        let body = ResponseBody(contentLength: range.count) { [range] writer in
            var offset = range.lowerBound
            while offset < range.upperBound {
                let end = min(offset + Self.recordingChunk, range.upperBound)
                try await writer.write(ByteBuffer(bytes: recording.bytes(offset..<end)))
                offset = end
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }
}

/// One `Range: bytes=…` range (`0-1`, `100-`, `-500`), clamped to the content; several ranges
/// are answered with the first.
enum ByteRange {
    /// nil when unsatisfiable or not a bytes range.
    static func parse(_ header: String, length: Int) -> ClosedRange<Int>? {
        let trimmed = header.trimmingWhitespace
        guard trimmed.lowercased().hasPrefix("bytes="), length > 0 else { return nil }
        let first = trimmed.dropFirst("bytes=".count).split(separator: ",").first.map { $0.trimmingWhitespace } ?? ""
        let bounds = first.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2 else { return nil }
        switch (Int(bounds[0]), Int(bounds[1])) {
        case (let start?, let end?) where start <= end && start < length:
            return start...min(end, length - 1)
        case (let start?, nil) where bounds[1].isEmpty && start < length:
            return start...(length - 1)
        case (nil, let suffix?) where bounds[0].isEmpty && suffix > 0:
            return max(0, length - suffix)...(length - 1)
        default:
            return nil
        }
    }
}
