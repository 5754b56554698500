import Foundation
import Testing

/// `docs/PROTOCOL.md` names, for every rule, the code that implements it and the test that proves
/// it: every such link must lead to a file that has the name in it.
@Suite struct ProtocolDocumentTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs")
        .standardizedFileURL

    @Test func everyLinkedNameIsInTheFileItLinksTo() throws {
        let text = try String(contentsOf: Self.docs.appendingPathComponent("PROTOCOL.md"), encoding: .utf8)
        let links = try Regex(#"\[`([^`]+)`\]\(([^)]+)\)"#)
        var checked = 0
        for match in text.matches(of: links) {
            let name = String(match.output[1].substring ?? "")
            let path = String(match.output[2].substring ?? "")
            let file = Self.docs.appendingPathComponent(path).standardizedFileURL
            let contents = try? String(contentsOf: file, encoding: .utf8)
            #expect(contents != nil, "\(path) does not exist")
            // A link named for its file points at the file; any other name must be in it.
            let namesTheFile = file.deletingPathExtension().lastPathComponent == name || file.lastPathComponent == name
            if let contents, !namesTheFile {
                #expect(contents.contains(name), "\(name) is not in \(path)")
            }
            checked += 1
        }
        #expect(checked >= 30)
    }
}
