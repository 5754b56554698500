import MultipartKit

/// `multipart/form-data` bodies, which some PBX deployments send instead of a form-encoded one.
public enum MultipartFormDecoding {
    /// The text fields of the body; a part without a name is skipped.
    public static func decode(_ bytes: [UInt8], boundary: String) throws(ProtocolError) -> PBXParameters {
        let parser = MultipartParser(boundary: boundary)
        var parameters = PBXParameters()
        var name: String?
        var value: [UInt8] = []
        parser.onHeader = { field, headerValue in
            if field.lowercased() == "content-disposition" {
                name = Self.dispositionName(headerValue)
            }
        }
        parser.onBody = { chunk in
            value.append(contentsOf: chunk.readableBytesView)
        }
        parser.onPartComplete = {
            if let name { parameters.append(name, String(decoding: value, as: UTF8.self)) }
            name = nil
            value.removeAll(keepingCapacity: true)
        }
        do {
            try parser.execute(bytes)
        } catch {
            throw .invalidParameters("malformed multipart body")
        }
        return parameters
    }

    /// `form-data; name="phone"` → `phone`.
    static func dispositionName(_ header: String) -> String? {
        for attribute in header.split(separator: ";") {
            let trimmed = attribute.drop(while: { $0 == " " })
            guard trimmed.hasPrefix("name=") else { continue }
            var name = trimmed.dropFirst("name=".count)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = name.dropFirst().dropLast()
            }
            return String(name)
        }
        return nil
    }
}
