/// What kind of address an IP address is, for deciding whether the CRM may connect to it.
///
/// Works on the address's bytes, after the system resolver has read whatever spelling it came in
/// (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`, `[::ffff:7f00:1]` are all 127.0.0.1), so no
/// spelling slips past. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are
/// judged by that address.
public enum AddressClass: String, Sendable, Equatable {
    case `public`
    case loopback
    case unspecified
    case linkLocal = "link-local"
    case privateNetwork = "private"
    case sharedAddressSpace = "carrier-grade NAT"
    case uniqueLocal = "unique local (IPv6 ULA)"
    case metadata = "cloud metadata"
    case multicast
    case reserved

    public var isPublic: Bool { self == .public }

    /// An IPv4 address, most significant byte first.
    public static func ipv4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> AddressClass {
        switch (a, b) {
        case (169, 254) where c == 169 && d == 254: .metadata
        case (0, _): .unspecified
        case (127, _): .loopback
        case (10, _), (172, 16...31), (192, 168): .privateNetwork
        case (100, 64...127): .sharedAddressSpace
        case (169, 254): .linkLocal
        // 192.0.0.0/24 (IETF protocol assignments, 192.0.0.192 is Oracle's metadata), 198.18/15
        // (benchmarking), documentation networks, 240/4 and broadcast.
        case (192, 0) where c == 0 || c == 2: .reserved
        case (198, 18...19): .reserved
        case (198, 51) where c == 100: .reserved
        case (203, 0) where c == 113: .reserved
        case (224...239, _): .multicast
        case (240...255, _): .reserved
        default: .public
        }
    }

    /// An IPv6 address's 16 bytes.
    public static func ipv6(_ bytes: [UInt8]) -> AddressClass {
        precondition(bytes.count == 16)
        let zeros = bytes[0..<10].allSatisfy { $0 == 0 }
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated).
        if zeros, (bytes[10] == 0xff && bytes[11] == 0xff) || (bytes[10] == 0 && bytes[11] == 0 && !bytes[12..<15].allSatisfy { $0 == 0 }) {
            return ipv4(bytes[12], bytes[13], bytes[14], bytes[15])
        }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return bytes[15] == 1 ? .loopback : .unspecified }
        // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) reach the IPv4 address they carry.
        if bytes[0..<12] == [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] { return ipv4(bytes[12], bytes[13], bytes[14], bytes[15]) }
        if bytes[0] == 0x20, bytes[1] == 0x02 { return ipv4(bytes[2], bytes[3], bytes[4], bytes[5]) }
        if bytes[0] == 0xfd, bytes[1] == 0x00, bytes[2] == 0x0e, bytes[3] == 0xc2 { return .metadata }  // fd00:ec2::254, AWS
        switch bytes[0] {
        case 0xfc, 0xfd: return .uniqueLocal
        case 0xfe where bytes[1] & 0xc0 == 0x80: return .linkLocal
        case 0xfe where bytes[1] & 0xc0 == 0xc0: return .uniqueLocal  // fec0::/10, deprecated site-local
        case 0xff: return .multicast
        default: break
        }
        if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] == 0x0d, bytes[3] == 0xb8 { return .reserved }  // documentation
        return .public
    }
}
