import Foundation
import PBXProtocol

/// The storage boundary: everything the CRM keeps, behind protocols that know no SQL.
///
/// `CRMStore` in the CRMStore module implements it on SQLite. Every write method returns only once
/// its change is committed, so an acknowledgement always means "stored".
public typealias CRMStore = ContactStore & ManagerStore & CallStore & SettingsStore & JournalStore & DataImporting & ExpiringValueStore

public protocol ContactStore: Sendable {
    /// The `contact` hot path: one in-memory lookup, or one indexed read while the index warms up.
    func lookupContact(phone: PhoneNumber) async throws -> ContactMatch?
    func contact(id: Int64) async throws -> Contact?
    /// `query` matches name, company or any fragment of a phone in any format.
    func contacts(matching query: String, limit: Int, offset: Int) async throws -> Page<Contact>
    func createContact(_ draft: ContactDraft) async throws -> Contact
    func updateContact(id: Int64, with patch: ContactPatch) async throws -> Contact?
    func deleteContact(id: Int64) async throws -> Bool
}

public protocol ManagerStore: Sendable {
    func managers() async throws -> [Manager]
    func manager(id: ManagerID) async throws -> Manager?
    /// For login: the manager and their password hash.
    func credentials(login: String) async throws -> (manager: Manager, passwordHash: String)?
    func createManager(_ manager: Manager, passwordHash: String) async throws -> Manager
    func updateManager(id: ManagerID, with patch: ManagerPatch, passwordHash: String?) async throws -> Manager?
    /// Every manager in memory, kept current by the store's writes: for resolving `user` without a query.
    var managerDirectory: ManagerDirectory { get }
}

public protocol CallStore: Sendable {
    /// Stores the event and moves its leg. Returns the legs it changed: its own first when it moved it,
    /// then any other leg of the call whose reason it corrected (see `LegReason`).
    func recordEvent(_ event: ReceivedEvent) async throws -> [CallLeg]
    /// Stores or updates the call of (`callid`, `user`); returns it and the legs it changed: the one it
    /// closed, if one was open, and those whose reason it corrected.
    func recordHistory(_ history: ReceivedHistory) async throws -> (call: Call, changedLegs: [CallLeg])
    /// Stores the rating and applies it to the call's legs; returns how many calls it reached so far.
    func recordRating(_ rating: RatingRequest, receivedAt: Date) async throws -> Int
    func calls(_ filter: CallFilter) async throws -> Page<Call>
    func events(callid: String) async throws -> [CallEventRecord]
    /// Legs still ringing or in a call, updated after `since` (older ones were abandoned by the PBX).
    func openLegs(updatedSince since: Date) async throws -> [CallLeg]
    /// The open legs of one manager (a tab of theirs reconnecting), or of everyone for nil.
    func openLegs(updatedSince since: Date, manager: ManagerID?) async throws -> [CallLeg]
    /// The legs of one manager (or everyone's, for nil) closed after `since`, newest first, at most `limit`.
    func closedLegs(updatedSince since: Date, manager: ManagerID?, limit: Int) async throws -> [CallLeg]
}

public protocol SettingsStore: Sendable {
    func settings() async throws -> [String: String]
    /// Sets the given keys; a nil value removes the key.
    func updateSettings(_ changes: [String: String?]) async throws
}

/// Small values that expire: the UI's login sessions, so a restart does not log everyone out.
public protocol ExpiringValueStore: Sendable {
    /// The value and its expiry, unless it expired.
    func value(forKey key: String) async throws -> (value: [UInt8], expires: Date?)?
    /// Stores the value; with `onlyIfAbsent`, returns false (and changes nothing) when a live value exists.
    func setValue(_ value: [UInt8], forKey key: String, expires: Date?, onlyIfAbsent: Bool) async throws -> Bool
    func removeValue(forKey key: String) async throws
}

public protocol JournalStore: Sendable {
    /// Stores the entries; the oldest ones go once the journal is over its size (in rows or bytes).
    func appendJournal(_ entries: [JournalEntry]) async throws
    /// The ids of the newest `filter.limit` matching entries, oldest first.
    func journalIDs(_ filter: JournalFilter) async throws -> [Int64]
    /// The entries with these ids, in id order: a page is read in chunks of these.
    func journalEntries(ids: [Int64]) async throws -> [JournalEntry]
}

extension JournalStore {
    /// The newest `filter.limit` matching entries, oldest first.
    public func journal(_ filter: JournalFilter) async throws -> [JournalEntry] {
        try await journalEntries(ids: journalIDs(filter))
    }
}

public protocol DataImporting: Sendable {
    /// Loads managers, contacts and calls; with `replacing`, everything but the settings is removed first.
    func importData(_ batch: ImportBatch, replacing: Bool) async throws
    func isEmpty() async throws -> Bool
    /// The data set `reset` returns to (see `DataSets`), when one was kept.
    func savedDataSet() async throws -> SeedData?
    func saveDataSet(_ dataSet: SeedData) async throws
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

    public var description: String {
        switch self {
        case .conflict(let message), .invalidReference(let message): message
        }
    }
}
