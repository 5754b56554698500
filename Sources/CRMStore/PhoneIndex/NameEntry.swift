/// The head of a contact's entry in the names buffer: its id as a varint (three bytes for a
/// million contacts).
enum NameEntry {
    static func appendID(_ id: Int64, to output: inout [UInt8]) {
        var value = UInt64(bitPattern: id)
        while value >= 0x80 {
            output.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        output.append(UInt8(value))
    }

    static func contactID(_ bytes: [UInt8], at offset: Int) -> Int64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = offset
        while true {
            let byte = bytes[index]
            value |= UInt64(byte & 0x7F) << shift
            guard byte >= 0x80 else { return Int64(bitPattern: value) }
            shift += 7
            index += 1
        }
    }

    static func idLength(_ bytes: [UInt8], at offset: Int) -> Int {
        var index = offset
        while bytes[index] >= 0x80 { index += 1 }
        return index - offset + 1
    }
}
