import GRDB
import Logging
import Synchronization

/// Whether the database takes writes. A full disk, a read-only file or an I/O error make every write
/// fail while reads go on: the first failure is logged as one clear line, the recovery as another,
/// and nothing in between.
final class WriteHealth: Sendable {
    private let failing = Atomic<Bool>(false)
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// The reason in words when `error` means the database cannot be written at all, else nil.
    static func outage(_ error: DatabaseError) -> String? {
        switch error.resultCode {
        case .SQLITE_FULL: "the disk is full"
        case .SQLITE_READONLY: "the database file is read-only"
        case .SQLITE_IOERR: "the disk reported an I/O error"
        case .SQLITE_CANTOPEN: "the database file cannot be opened"
        case .SQLITE_PERM: "the database file may not be written"
        case .SQLITE_BUSY: "another process holds the database locked"
        default: nil
        }
    }

    func failed(_ reason: String, _ error: DatabaseError) {
        guard !failing.exchange(true, ordering: .relaxed) else { return }
        logger.error(
            "Database writes are failing: reads go on, writes answer 503 until the disk recovers",
            metadata: ["reason": "\(reason)", "sqlite": "\(error.extendedResultCode)"]
        )
    }

    func succeeded() {
        guard failing.load(ordering: .relaxed), failing.exchange(false, ordering: .relaxed) else { return }
        logger.notice("Database writes work again")
    }

    var isFailing: Bool { failing.load(ordering: .relaxed) }
}
