import PBXProtocol
import Testing

/// Whether `body` fails with `invalidParameters`, the protocol's 400.
func expectInvalidParameters(
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(ProtocolError) -> some Any
) {
    do {
        let value = try body()
        Issue.record("expected invalidParameters, got \(value)", sourceLocation: sourceLocation)
    } catch {
        guard case .invalidParameters = error else {
            Issue.record("expected invalidParameters, got \(error)", sourceLocation: sourceLocation)
            return
        }
    }
}
