extension MakeCallRequest {
    /// Whether `phone` is what a PBX dials: ASCII digits only. Real PBXs were seen rejecting a
    /// leading `+`, spaces and dashes with `400 Invalid parameters`.
    public var isDialable: Bool {
        !phone.isEmpty && phone.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
