import Foundation

/// JSON as the protocol writes it: UTF-8 with non-ASCII text and slashes unescaped.
public enum ProtocolJSON {
    public static let contentType = "application/json; charset=utf-8"

    public static func encode(_ value: some Encodable) -> [UInt8] {
        // Encoding our own plain structs cannot fail.
        (try? Array(makeEncoder().encode(value))) ?? Array("{}".utf8)
    }

    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: some Collection<UInt8>) throws -> Value {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }
}
