import Foundation
import PBXProtocol

/// The bytes `/crm_integration` answers with.
///
/// The protocol's JSON is written by `ProtocolJSON`, the Codable path. `contact` — answered while
/// the caller hears ringing, tens of thousands of times a second under a PBX's burst — is written by
/// hand instead: a `JSONEncoder` per answer costs a few microseconds, about a tenth of the lookup's
/// whole budget. `IntegrationAnswerTests` proves the bytes are the ones `ProtocolJSON` writes.
enum IntegrationAnswer {
    /// `{}`, for `event`, `history` and `rating`.
    static let empty = Array("{}".utf8)
    /// The store could not do it; the PBX retries.
    static let unavailable = ProtocolJSON.encode(ErrorResponse(error: "Temporarily unavailable"))

    static func users(_ users: UsersResponse) -> [UInt8] {
        ProtocolJSON.encode(users)
    }

    /// `{"contact_name":"…","responsible":"…"}`, absent fields left out.
    static func contact(_ answer: ContactResponse) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        output.reserveCapacity(40 + (answer.contactName?.utf8.count ?? 0) + (answer.responsible?.utf8.count ?? 0))
        if let name = answer.contactName {
            output.append(contentsOf: #""contact_name":"#.utf8)
            appendString(name, to: &output)
        }
        if let responsible = answer.responsible {
            if answer.contactName != nil { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #""responsible":"#.utf8)
            appendString(responsible, to: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The protocol's error bodies, encoded once.
    static func error(_ error: ProtocolError) -> [UInt8] {
        switch error {
        case .invalidParameters, .exceedsLimits: invalidParameters
        case .invalidToken: invalidToken
        case .authorizationFailed: authorizationFailed
        }
    }

    private static let invalidParameters = ProtocolJSON.encode(ProtocolError.invalidParameters("").body)
    private static let invalidToken = ProtocolJSON.encode(ProtocolError.invalidToken.body)
    private static let authorizationFailed = ProtocolJSON.encode(ProtocolError.authorizationFailed.body)

    /// `"value"` escaped as `JSONEncoder` escapes it: quotes, backslashes and control characters;
    /// slashes and non-ASCII text as they are.
    private static func appendString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case ..<0x20: output += Array(String(format: "\\u%04x", byte).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
