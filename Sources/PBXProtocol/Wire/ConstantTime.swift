/// Secret comparison whose duration does not depend on where the inputs differ, so a caller cannot
/// learn a token byte by byte from response times.
public enum ConstantTime {
    public static func equals(_ candidate: String, expected: String) -> Bool {
        var candidateBytes = Array(candidate.utf8)
        let expectedBytes = Array(expected.utf8)
        var difference = candidateBytes.count == expectedBytes.count ? UInt8(0) : 1
        // Walk the expected secret's length whatever the candidate's, so the work leaks nothing either.
        if candidateBytes.count != expectedBytes.count {
            candidateBytes = [UInt8](repeating: 0, count: expectedBytes.count)
        }
        for index in expectedBytes.indices {
            difference |= candidateBytes[index] ^ expectedBytes[index]
        }
        return difference == 0
    }
}
