import Hummingbird
import NIOCore
import PBXProtocol

/// `GET /recordings/{callid}.wav`: the recording a `history` links to, for calls this PBX placed.
extension FakePBX {
    func recording(_ request: Request, callid: String) async -> Response {
        let recorded = configuration.recordsEveryCall ? !callid.isEmpty : await state.hasRecording(callid: callid)
        guard recorded else {
            return Response(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "No such recording\n"))
            )
        }
        let wav = CallRecording.wav(callid: callid)
        var headers: HTTPFields = [
            .contentType: "audio/wav", .acceptRanges: "bytes", .cacheControl: "private, max-age=3600",
            // A CRM's page may fetch it for a player of its own, not only through <audio>.
            .accessControlAllowOrigin: "*",
        ]
        // Safari plays media only from servers that answer byte ranges.
        guard let rangeHeader = request.headers[.range] else {
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: wav)))
        }
        guard let range = ByteRange.parse(rangeHeader, length: wav.count) else {
            headers[.contentRange] = "bytes */\(wav.count)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        }
        headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(wav.count)"
        return Response(status: .partialContent, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: wav[range])))
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
