#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `minicrm serve` and `demo` create is for the user running them only: the database and its
/// `-wal`/`-shm` (password hashes, tokens, sessions), recordings, the ready file.
public enum FilePermissions {
    /// `umask 077`: new files `0600`, new folders `0700`. (The store also creates its database
    /// `0600` itself, for servers built by other programs.)
    public static func restrictNewFiles() {
        umask(0o077)
    }
}
