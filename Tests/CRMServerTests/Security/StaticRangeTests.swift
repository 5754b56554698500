import Foundation
import MiniCRMTesting
import Testing

@testable import CRMServer

/// Ranges of static files answered by the RFC (Hummingbird's FileMiddleware alone gets these wrong).
@Suite struct StaticRangeTests {
    static let path = "/recordings/demo-1.wav"

    func file() throws -> [UInt8] {
        Array(try Data(contentsOf: MiniCRMExecutable.repositoryRoot.appendingPathComponent("Public" + Self.path)))
    }

    @Test func satisfiableRangesAreTheirBytes() async throws {
        let bytes = try file()
        let size = bytes.count
        try await withServer { server in
            let client = APIClient(baseURL: server.baseURL)
            for (header, range) in [
                ("bytes=-1", (size - 1)...(size - 1)), ("bytes=0-0", 0...0), ("bytes=100-199", 100...199), ("bytes=\(size - 10)-", (size - 10)...(size - 1)),
                ("bytes=0-99999999999999999999", 0...(size - 1)), ("bytes=-99999999", 0...(size - 1)), ("bytes=10-\(size * 2)", 10...(size - 1)),
            ] {
                let reply = try await client.request(.GET, Self.path, headers: [("Range", header)])
                #expect(reply.status == 206, "\(header)")
                #expect(reply.headers.first(name: "Content-Range") == "bytes \(range.lowerBound)-\(range.upperBound)/\(size)", "\(header)")
                #expect(reply.headers.first(name: "Content-Length") == String(range.count), "\(header)")
                #expect(reply.body == Array(bytes[range]), "\(header)")
            }
        }
    }

    @Test func unsatisfiableRangesAre416WithTheSize() async throws {
        let size = try file().count
        try await withServer { server in
            let client = APIClient(baseURL: server.baseURL)
            for header in ["bytes=\(size)-", "bytes=\(size + 100)-", "bytes=9223372036854775807-", "bytes=\(size)-\(size + 5)", "bytes=5-1", "bytes=-0", "bytes=x-y"] {
                let reply = try await client.request(.GET, Self.path, headers: [("Range", header)])
                #expect(reply.status == 416, "\(header)")
                #expect(reply.headers.first(name: "Content-Range") == "bytes */\(size)", "\(header)")
            }
        }
    }

    @Test func rangesItIgnoresGetTheWholeFile() async throws {
        let bytes = try file()
        try await withServer { server in
            let client = APIClient(baseURL: server.baseURL)
            for header in ["bytes=0-1,5-6", "items=0-1"] {
                let reply = try await client.request(.GET, Self.path, headers: [("Range", header)])
                #expect(reply.status == 200, "\(header)")
                #expect(reply.body == bytes, "\(header)")
            }
        }
    }
}
