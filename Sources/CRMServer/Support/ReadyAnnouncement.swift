import Foundation
import Logging
import ServiceLifecycle

/// Where a running MiniCRM answers, for people and for scripts: one line on standard output at any
/// log level, and with `--ready-file` the same as JSON, written once the server listens.
struct ReadyAnnouncement: Encodable, Sendable {
    var url: String
    var port: Int
    var crmToken: String
    var integrationURL: String

    enum CodingKeys: String, CodingKey {
        case url, port
        case crmToken = "crm_token"
        case integrationURL = "integration_url"
    }

    var line: String { "MiniCRM is running on \(url)/ integration_url=\(integrationURL) crm_token=\(crmToken)\n" }

    /// Straight to the file descriptor: a buffered `print` would sit unread in a pipe.
    func announce(readyFile: String?, logger: Logger) {
        FileHandle.standardOutput.write(Data(line.utf8))
        guard let readyFile else { return }
        do {
            try write(to: readyFile)
        } catch {
            logger.error("Cannot write the ready file", metadata: ["path": "\(readyFile)", "error": "\(error)"])
        }
    }

    /// Written to a temporary file beside it, readable by its owner only (it holds the token), then
    /// renamed into place: a reader sees the whole file or none.
    func write(to path: String) throws {
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        let created = FileManager.default.createFile(
            atPath: temporary, contents: Data(APIJSON.encode(self)),
            attributes: [.posixPermissions: 0o600]
        )
        guard created else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary]) }
        guard rename(temporary, path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}

/// Removes a ready file left by an earlier run, and this run's once the server has stopped, so a
/// script never reads the address of a server that is not there.
struct ReadyFileLifetime: Service {
    let path: String?

    init(path: String?) {
        self.path = path
        if let path { try? FileManager.default.removeItem(atPath: path) }
    }

    func run() async throws {
        try? await gracefulShutdown()
        if let path { try? FileManager.default.removeItem(atPath: path) }
    }
}
