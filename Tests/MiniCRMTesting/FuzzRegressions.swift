import Foundation

/// Inputs that once crashed a body decoder, kept in `Tests/Fuzz/Regressions/` in the fuzzer's own
/// input form: the `Content-Type` on the first line, the body after it. A crash the fuzzer finds
/// (`bash Tests/Fuzz/run.sh`) is added by copying its file there.
public enum FuzzRegressions {
    public struct Input: Sendable, CustomStringConvertible {
        public var name: String
        public var contentType: String
        public var body: [UInt8]
        public var description: String { name }
    }

    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fuzz/Regressions").standardizedFileURL

    public static var all: [Input] {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.sorted { $0.lastPathComponent < $1.lastPathComponent }.compactMap { file in
            guard let data = try? Data(contentsOf: file) else { return nil }
            let bytes = [UInt8](data)
            let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            return Input(
                name: file.deletingPathExtension().lastPathComponent, contentType: String(decoding: bytes[..<newline], as: UTF8.self),
                body: Array(bytes[min(newline + 1, bytes.endIndex)...])
            )
        }
    }
}
