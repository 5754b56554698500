/// Secret comparison whose duration does not depend on where the inputs differ, so a caller cannot
/// learn a token byte by byte from response times.
public enum ConstantTime {
    public static func equals(_ candidate: String, expected: String) -> Bool {
        var candidate = candidate
        var expected = expected
        return candidate.withUTF8 { candidateBytes in
            expected.withUTF8 { expectedBytes in
                var difference: UInt8 = candidateBytes.count == expectedBytes.count ? 0 : 1
                // Walk the expected secret's length whatever the candidate's, so the work leaks nothing
                // either; a shorter candidate reads as zeros past its end.
                for index in 0..<expectedBytes.count {
                    let byte = index < candidateBytes.count ? candidateBytes[index] : 0
                    difference |= byte ^ expectedBytes[index]
                }
                return difference == 0
            }
        }
    }
}
