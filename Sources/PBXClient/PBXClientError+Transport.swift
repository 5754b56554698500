import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension PBXClientError {
    /// Names what AsyncHTTPClient, NIO or BoringSSL reported in the terms of `PBXClientError`.
    init(transport error: any Error, host: String, timeout: Duration, maxResponseBytes: Int) {
        switch error {
        case let error as PBXClientError:
            self = error
        case is CancellationError:
            self = .cancelled
        case is NIOTooManyBytesError:
            self = .malformedResponse("an answer over \(maxResponseBytes) bytes")
        case let error as HTTPClientError:
            self = Self(httpClientError: error, host: host, timeout: timeout)
        case let error as NIOConnectionError:
            self = Self(connectionError: error, host: host, timeout: timeout, maxResponseBytes: maxResponseBytes)
        case let error as IOError:
            self = Self(errno: error.errnoCode, host: host) ?? .connectionLost(reason: error.description)
        case let error as ChannelError:
            if case .connectTimeout = error {
                self = .timeout(timeout)
            } else {
                self = .connectionLost(reason: String(describing: error))
            }
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            self = .tlsFailure(host: host, reason: Self.tlsReason(error))
        default:
            self = .connectionLost(reason: String(describing: error))
        }
    }

    private init(httpClientError error: HTTPClientError, host: String, timeout: Duration) {
        switch error {
        case .deadlineExceeded, .connectTimeout, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
            self = .timeout(timeout)
        case .tlsHandshakeTimeout:
            self = .tlsFailure(host: host, reason: "the TLS handshake timed out")
        case .cancelled:
            self = .cancelled
        case .remoteConnectionClosed:
            self = .connectionLost(reason: "the PBX closed the connection before answering")
        case .invalidURL, .emptyHost, .emptyScheme:
            self = .invalidBaseURL(host)
        default:
            self = .connectionLost(reason: error.shortDescription)
        }
    }

    /// Happy Eyeballs tried every address of the host; a refusal on any of them says the most.
    private init(connectionError error: NIOConnectionError, host: String, timeout: Duration, maxResponseBytes: Int) {
        let attempts = error.connectionErrors.map {
            PBXClientError(transport: $0.error, host: host, timeout: timeout, maxResponseBytes: maxResponseBytes)
        }
        if attempts.contains(.connectionRefused(host: host)) {
            self = .connectionRefused(host: host)
        } else if let first = attempts.first {
            self = first
        } else if error.dnsAError != nil || error.dnsAAAAError != nil {
            self = .unreachable(host: host, reason: "the host name does not resolve")
        } else {
            self = .unreachable(host: host, reason: String(describing: error))
        }
    }

    private init?(errno code: Int32, host: String) {
        switch code {
        case ECONNREFUSED: self = .connectionRefused(host: host)
        case ENETUNREACH, EHOSTUNREACH, ENETDOWN, EHOSTDOWN: self = .unreachable(host: host, reason: "no route to the host")
        case ETIMEDOUT: self = .unreachable(host: host, reason: "the host does not respond")
        case ECONNRESET, EPIPE: self = .connectionLost(reason: "the PBX reset the connection")
        default: return nil
        }
    }

    /// BoringSSL's codes, in words an administrator recognises.
    private static func tlsReason(_ error: any Error) -> String {
        let text = String(describing: error)
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the certificate is for another host name"
        }
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the certificate is not trusted (self-signed, expired, or from an unknown authority)"
        }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("PACKET_LENGTH_TOO_LONG") || text.contains("HTTP_REQUEST") {
            return "that port does not speak TLS (is the address http:// rather than https://?)"
        }
        return text
    }
}
