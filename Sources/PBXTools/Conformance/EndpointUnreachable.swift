import AsyncHTTPClient
import NIOCore
import NIOPosix

/// The endpoint under check does not answer: nothing listens there, or it cannot be reached.
public struct EndpointUnreachable: Error, CustomStringConvertible {
    public var url: String
    public var reason: String

    init(url: String, error: any Error) {
        self.url = url
        reason = Self.reason(error)
    }

    public var description: String { "cannot reach \(url): \(reason)" }

    /// Whether `error` means no connection could be made at all (as opposed to a connection the
    /// endpoint closed or an answer that came too late, which a check judges).
    static func isConnectionFailure(_ error: any Error) -> Bool {
        if error is NIOConnectionError { return true }
        if let error = error as? HTTPClientError { return error == .connectTimeout }
        if let error = error as? ChannelError, case .connectTimeout = error { return true }
        if let error = error as? IOError { return [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(error.errnoCode) }
        return false
    }

    /// In words, without the library's type names.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return reason(first.error) }
            return error.dnsAAAAError.map(reason) ?? error.dnsAError.map(reason) ?? "no connection"
        case let error as IOError where error.errnoCode == ECONNREFUSED: return "connection refused (is anything listening there?)"
        case let error as IOError: return String(cString: strerror(error.errnoCode)).lowercased()
        case let error as HTTPClientError where error == .connectTimeout: return "no connection within the timeout"
        case let error as HTTPClientError where error == .deadlineExceeded: return "no answer within the timeout"
        default: return "\(error)"
        }
    }
}
