import Foundation
import NIOPosix
import Synchronization

/// Where the CRM may send the requests an admin configures — the PBX's API, and the recordings its
/// `history` links to: `http`/`https` only, and only to public addresses, judged after the host
/// name is resolved (every address it resolves to), unless private ones are allowed
/// (`--allow-private-pbx`) or the origin was allowed by name (`minicrm demo`'s own fake PBX).
///
/// `vet` returns the address to connect to, so the connection goes where the check looked (no
/// second resolution a DNS rebinding could answer differently). `permits` is the yes/no seam for
/// callers with an HTTP client of their own.
public struct OutboundPolicy: Sendable {
    public let allowsPrivateAddresses: Bool
    private let allowances: Allowances

    public init(allowsPrivateAddresses: Bool = false) {
        self.allowsPrivateAddresses = allowsPrivateAddresses
        allowances = Allowances()
    }

    /// Any address: command-line tools, where whoever runs them is the one choosing the target.
    public static var unrestricted: OutboundPolicy { OutboundPolicy(allowsPrivateAddresses: true) }

    /// Allows one origin (`http://127.0.0.1:8090`) whatever its address.
    public func allow(origin url: String) {
        guard let origin = URL(string: url).flatMap(Origin.init) else { return }
        allowances.insert(origin)
    }

    /// Where a request to `url` may connect: the address to pin, or nil to resolve as usual (any
    /// address being allowed); a refusal in words otherwise.
    public func vet(_ url: URL) async throws(OutboundRefusal) -> String? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .scheme(url.scheme ?? "")
        }
        guard let origin = Origin(url) else { throw .noHost }
        if allowsPrivateAddresses { return nil }
        let addresses = try await Self.resolve(origin.host, port: origin.port)
        if allowances.contains(origin) { return addresses.first?.text }
        if let forbidden = addresses.first(where: { !$0.kind.isPublic }) {
            throw .forbidden(host: origin.host, address: forbidden.text, kind: forbidden.kind)
        }
        return addresses.first?.text
    }

    /// Whether a request to `url` may be made at all.
    public func permits(_ url: URL) async -> Bool {
        do {
            _ = try await vet(url)
            return true
        } catch {
            return false
        }
    }

    struct Resolved: Sendable {
        var text: String
        var kind: AddressClass
    }

    /// Every address the system resolver gives for `host`, classified.
    static func resolve(_ host: String, port: Int) async throws(OutboundRefusal) -> [Resolved] {
        let result: Result<[Resolved], OutboundRefusal> = await withCheckedContinuation { continuation in
            NIOThreadPool.singleton.submit { _ in continuation.resume(returning: getaddrinfoAddresses(host, port: port)) }
        }
        return try result.get()
    }

    private static func getaddrinfoAddresses(_ host: String, port: Int) -> Result<[Resolved], OutboundRefusal> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return .failure(.unresolvable(host: host)) }
        defer { freeaddrinfo(list) }
        var found: [Resolved] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let address = current.pointee.ai_addr, let resolved = classify(address) { found.append(resolved) }
            entry = current.pointee.ai_next
        }
        return found.isEmpty ? .failure(.unresolvable(host: host)) : .success(found)
    }

    private static func classify(_ address: UnsafeMutablePointer<sockaddr>) -> Resolved? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                let bytes = withUnsafeBytes(of: v4.pointee.sin_addr) { Array($0) }
                var raw = v4.pointee.sin_addr
                return Resolved(text: text(family: AF_INET, &raw), kind: AddressClass.ipv4(bytes[0], bytes[1], bytes[2], bytes[3]))
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                let bytes = withUnsafeBytes(of: v6.pointee.sin6_addr) { Array($0) }
                var raw = v6.pointee.sin6_addr
                return Resolved(text: text(family: AF_INET6, &raw), kind: AddressClass.ipv6(bytes))
            }
        default:
            return nil
        }
    }

    private static func text(family: Int32, _ address: UnsafeRawPointer) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(family, address, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Why a request was not made, in words for an administrator.
public enum OutboundRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case scheme(String)
    case noHost
    case unresolvable(host: String)
    case forbidden(host: String, address: String, kind: AddressClass)

    public var description: String {
        switch self {
        case .scheme(let scheme):
            "Only http:// and https:// addresses are allowed, not “\(scheme)”"
        case .noHost:
            "The address has no host name"
        case .unresolvable(let host):
            "The host name \(host) does not resolve"
        case .forbidden(let host, let address, let kind):
            "MiniCRM does not connect to \(host == address ? address : "\(host) (\(address))"): a \(kind.rawValue) address. "
                + "Start MiniCRM with --allow-private-pbx if the PBX really is on a private network"
        }
    }
}

/// `scheme://host:port` of a URL, the unit an allowance names.
struct Origin: Hashable, Sendable {
    var scheme: String
    var host: String
    var port: Int

    init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), var host = url.host?.lowercased(), !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.scheme = scheme
        self.host = host
        port = url.port ?? (scheme == "https" ? 443 : 80)
    }
}

final class Allowances: Sendable {
    private let origins = Mutex<Set<Origin>>([])

    func insert(_ origin: Origin) { _ = origins.withLock { $0.insert(origin) } }
    func contains(_ origin: Origin) -> Bool { origins.withLock { $0.contains(origin) } }
}
