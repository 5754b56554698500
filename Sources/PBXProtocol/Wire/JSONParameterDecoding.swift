import Foundation

/// A JSON object body read as flat parameters: strings as they are, numbers and booleans as text.
/// Nested arrays and objects carry nothing the protocol defines and are skipped.
public enum JSONParameterDecoding {
    public static func decode(_ bytes: [UInt8], limits: ParameterLimits = .standard) throws(ProtocolError) -> PBXParameters {
        let object: [String: Scalar]
        do {
            object = try JSONDecoder().decode([String: Scalar].self, from: Data(bytes))
        } catch {
            throw .invalidParameters("body is not a JSON object")
        }
        try limits.check(count: object.count, nameBytes: object.keys.lazy.map(\.utf8.count).max() ?? 0)
        var parameters = PBXParameters()
        for (name, scalar) in object.sorted(by: { $0.key < $1.key }) {
            if let text = scalar.text { parameters.append(name, text) }
        }
        return parameters
    }

    private struct Scalar: Decodable {
        let text: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                text = nil
            } else if let string = try? container.decode(String.self) {
                text = string
            } else if let bool = try? container.decode(Bool.self) {
                text = bool ? "true" : "false"
            } else if let integer = try? container.decode(Int64.self) {
                text = String(integer)
            } else if let number = try? container.decode(Double.self) {
                text = String(number)
            } else {
                text = nil
            }
        }
    }
}
