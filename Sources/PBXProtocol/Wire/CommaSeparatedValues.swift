/// CSV as RFC 4180 writes it, for the PBX's `history` answer: fields separated by commas, quoted
/// when they hold a comma, a quote or a line break (a quote inside doubled), records ended by CRLF
/// or LF. Blank lines are skipped.
public enum CommaSeparatedValues {
    /// The records of `text`; an unterminated quoted field is malformed.
    public static func records(in text: String) throws(ProtocolError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        var bytes = Array(text.utf8).makeIterator()
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        func endRecord() {
            endField()
            if record != [""] { records.append(record) }
            record.removeAll()
        }
        while let byte = bytes.next() {
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    quoted = false
                    afterQuote = true
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                // `""` inside a quoted field is one quote: the field goes on quoted.
                if afterQuote { field.append(byte) }
                quoted = true
                afterQuote = false
            case UInt8(ascii: ","): endField()
            case UInt8(ascii: "\n"): endRecord()
            case UInt8(ascii: "\r"): continue
            default: field.append(byte)
            }
        }
        guard !quoted else { throw .invalidParameters("CSV: a quoted field is not closed") }
        endRecord()
        return records
    }

    /// One record, without its line end.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
