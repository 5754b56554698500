import Foundation
import PBXProtocol

/// The storage boundary: everything the CRM keeps, behind one protocol that knows no SQL.
///
/// `SQLiteStore` (CRMStore module) implements it. Every write returns only once its change is
/// committed, so an acknowledgement always means "stored". The store decides nothing about calls:
/// it loads what a rule needs, applies the domain's rule (`CallLeg.applying`, `Call.filing`,
/// `LegReason.corrections`, `RatingRequest.rates`) and saves what the rule decided.
public protocol CRMStore: JournalStore, SessionStore {
    // MARK: Contacts

    /// The `contact` hot path: from memory, or one indexed read while the memory index loads.
    func lookupContact(phone: PhoneNumber) async throws -> ContactMatch?
    func contact(id: Int64) async throws -> Contact?
    /// `query` matches name, company or any fragment of a phone in any format; pages in name order.
    func contacts(matching query: String, limit: Int, offset: Int) async throws -> Page<Contact>
    func createContact(_ draft: ContactDraft) async throws -> Contact
    func updateContact(id: Int64, with patch: ContactPatch) async throws -> Contact?
    func deleteContact(id: Int64) async throws -> Bool
    /// Whether `lookupContact` is answered from memory yet.
    var isPhoneIndexReady: Bool { get }

    // MARK: Managers

    func managers() async throws -> [Manager]
    /// For login: the manager and their password hash.
    func credentials(login: String) async throws -> Credentials?
    func createManager(_ manager: Manager, passwordHash: String) async throws -> Manager
    /// Applies the edit; when it must end the manager's sessions (`Manager.endsSessions`), they end in
    /// the same transaction — all but `keeping`, the session of a manager changing their own password.
    func updateManager(id: ManagerID, with patch: ManagerPatch, passwordHash: String?, keeping: SessionKey?) async throws
        -> ManagerUpdate?
    /// From memory, current with every committed write: asked on every PBX request and UI request.
    func manager(withID id: ManagerID) -> Manager?
    /// The manager the PBX's `user` names: a manager id, or with `self_map` a PBX account (also `login@tenant`).
    func manager(forPBXUser user: String, selfMap: Bool) -> Manager?

    // MARK: Calls

    /// Stores the event and moves its leg. Returns the legs it changed: its own first when it moved it,
    /// then any other leg of the call whose reason it corrected.
    func recordEvent(_ event: ReceivedEvent) async throws -> [CallLeg]
    /// Files the call of (`callid`, `user`), new or updated, and returns it with the legs it changed.
    func recordHistory(_ history: ReceivedHistory) async throws -> FiledCall
    /// Files the calls of the PBX's own history (`source` `.pbxHistory`) whose leg is not filed yet —
    /// the same leg under another spelling of its user counts (`Call.isLeg(of:manager:)`) — and
    /// returns the ones it filed. A push of a call filed this way later takes it over.
    func fileMissedHistory(_ histories: [ReceivedHistory]) async throws -> [FiledCall]
    /// When the newest filed call started: where a gap in what MiniCRM saw begins, at the latest.
    func latestCallStart() async throws -> Date?
    /// Stores the rating and rates the calls already filed; a history filed later picks it up.
    func recordRating(_ rating: RatingRequest, receivedAt: Date) async throws
    func calls(_ filter: CallFilter) async throws -> Page<Call>
    func events(callid: String) async throws -> [CallEventRecord]
    /// Legs updated after `since`, of one manager or of everyone; open ones by start, closed ones newest first.
    func legs(open: Bool, updatedSince since: Date, manager: ManagerID?, limit: Int?) async throws -> [CallLeg]

    // MARK: Settings and data sets

    func settings() async throws -> [String: String]
    /// Sets the given keys; a nil value removes the key.
    func updateSettings(_ changes: [String: String?]) async throws
    /// Loads managers, contacts and calls; with `replacing`, everything but the settings is removed first.
    func importData(_ batch: ImportBatch, replacing: Bool) async throws
    func isEmpty() async throws -> Bool
    /// The data set `reset` returns to (see `DataSets`), when one was kept.
    func savedDataSet() async throws -> SeedData?
    func saveDataSet(_ dataSet: SeedData) async throws

    // MARK: Several instances

    /// Loads the in-memory indexes (the phone index first); lookups go to the database meanwhile.
    func warmUp() async
    /// How committed changes reach the event streams of every instance sharing the database; nil
    /// when only this process uses it, and its own hub is fed directly.
    var liveFeed: (any LiveFeed)? { get }
    /// The changes other instances commit, for this process to follow; finishes at once for a store
    /// only this process uses.
    func remoteChanges() -> AsyncStream<RemoteChange>
    /// Lets go of the database once the server has stopped.
    func close() async
}

/// The request journal: what the `JournalRecorder` writes and the journal API reads.
public protocol JournalStore: Sendable {
    /// Stores the entries; the oldest ones go once the journal is over its size (in rows or bytes).
    func appendJournal(_ entries: [JournalEntry]) async throws
    /// The ids of the newest `filter.limit` matching entries, oldest first.
    func journalIDs(_ filter: JournalFilter) async throws -> [Int64]
    /// The entries with these ids, in id order: a page is read in chunks of these.
    func journalEntries(ids: [Int64]) async throws -> [JournalEntry]
    /// Up to `limit` entries in `range` with ids above `after`, in id order: an export walks the
    /// journal with these, a chunk at a time.
    func journalEntries(after: Int64, in range: JournalRange, limit: Int) async throws -> [JournalEntry]
    /// When the newest journaled request that presented the right token arrived.
    func latestJournalTime() async throws -> Date?
}

extension JournalStore {
    /// The newest `filter.limit` matching entries, oldest first.
    public func journal(_ filter: JournalFilter) async throws -> [JournalEntry] {
        try await journalEntries(ids: journalIDs(filter))
    }
}

/// An edited manager, and whether the edit ended their sessions.
public struct ManagerUpdate: Sendable, Equatable {
    public var manager: Manager
    public var endedSessions: Bool

    public init(manager: Manager, endedSessions: Bool) {
        self.manager = manager
        self.endedSessions = endedSessions
    }
}

extension CRMStore {
    public func updateManager(id: ManagerID, with patch: ManagerPatch, passwordHash: String?) async throws -> Manager? {
        try await updateManager(id: id, with: patch, passwordHash: passwordHash, keeping: nil)?.manager
    }
}

/// A manager and the hash their password is checked against.
public struct Credentials: Sendable, Equatable {
    public var manager: Manager
    public var passwordHash: String

    public init(manager: Manager, passwordHash: String) {
        self.manager = manager
        self.passwordHash = passwordHash
    }
}

/// What filing a `history` stored: the call, and the legs it changed (the one it closed, if one
/// was open, and those whose reason it corrected).
public struct FiledCall: Sendable, Equatable {
    public var call: Call
    public var changedLegs: [CallLeg]

    public init(call: Call, changedLegs: [CallLeg]) {
        self.call = call
        self.changedLegs = changedLegs
    }
}

/// Data ready for storage: passwords hashed, phones canonical, calls resolved.
public struct ImportBatch: Sendable {
    public var managers: [(manager: Manager, passwordHash: String)]
    public var contacts: [ContactDraft]
    public var calls: [ReceivedHistory]

    public init(managers: [(manager: Manager, passwordHash: String)], contacts: [ContactDraft], calls: [ReceivedHistory]) {
        self.managers = managers
        self.contacts = contacts
        self.calls = calls
    }
}

/// Why a store refused a write.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A unique value is taken (a login, a manager id, a PBX account).
    case conflict(String)
    /// A value refers to something that does not exist (a responsible manager).
    case invalidReference(String)
    /// The database cannot be reached or written just now (a full disk, a read-only file, a server gone):
    /// reads may still work, and the request may be retried.
    case unavailable(String)

    public var description: String {
        switch self {
        case .conflict(let message), .invalidReference(let message), .unavailable(let message): message
        }
    }
}
