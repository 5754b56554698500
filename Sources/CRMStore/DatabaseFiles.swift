import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The database file and its `-wal` and `-shm` companions, made safe to open: created `0600` (it
/// holds password hashes, tokens and sessions; SQLite gives the companions the database file's
/// mode), and refused with a clear message when one exists but cannot be written — SQLite would map
/// an unwritable `-shm` read-only and the process would die of SIGBUS on first use.
public enum DatabaseFiles {
    public struct Unusable: Error, CustomStringConvertible {
        public let path: String
        public let reason: String

        public var description: String {
            "MiniCRM cannot use \(path): \(reason). Fix its permissions or attributes (lsattr/chattr), or remove it if no MiniCRM uses the database."
        }
    }

    /// Companions SQLite keeps beside a WAL database.
    static let companions = ["-wal", "-shm"]

    static func prepare(_ path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 { close(descriptor) }
        }
        for file in [path] + companions.map({ path + $0 }) where FileManager.default.fileExists(atPath: file) {
            try checkWritable(file)
        }
    }

    private static func checkWritable(_ file: String) throws {
        var info = stat()
        guard lstat(file, &info) == 0 else { throw Unusable(path: file, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw Unusable(path: file, reason: "it is not a regular file") }
        let descriptor = open(file, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            throw Unusable(path: file, reason: "it cannot be opened for writing (\(String(cString: strerror(errno))))")
        }
        close(descriptor)
    }

    /// Permissions wider than the owner's, for a warning at start-up.
    static func isShared(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & 0o077) != 0
    }
}

/// `PRAGMA synchronous`: NORMAL survives a crash of the process; FULL also a power cut, at a cost
/// in write throughput (BENCHMARKS.md).
public enum SynchronousMode: String, Sendable, CaseIterable {
    case normal, full
}
