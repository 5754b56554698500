import CRMCore
import Foundation
import GRDB
import PBXProtocol

extension SQLiteStore {
    public func lookupContact(phone: PhoneNumber) async throws -> ContactMatch? {
        switch phones.lookup(phone) {
        case .found(let match): return match
        case .unknown: return nil
        case .notReady: return try await writer.read { db in try Self.winner(for: phone, db) }
        }
    }

    public func contact(id: Int64) async throws -> Contact? {
        try await writer.read { db in try Self.fetchContacts(ids: [id], db).first }
    }

    public func contacts(matching query: String, limit: Int, offset: Int) async throws -> Page<Contact> {
        let search = ContactSearch(needle: SearchText.normalizeQuery(query), limit: limit, offset: offset, order: nameOrder.snapshot)
        // A large database: the matches come from two halves of the id range at once, one per core.
        if search.usesIndex, let middle = try await writer.read({ db in try ContactSearch.middleID(db) }) {
            let phrase = search.phrase
            async let low = writer.read { db in try ContactSearch.matches(phrase, ids: .upTo(middle), db) }
            async let high = writer.read { db in try ContactSearch.matches(phrase, ids: .after(middle), db) }
            let matches = try await low + high
            return try await writer.read { db in
                let page = try search.page(of: matches, db)
                return Page(items: try Self.fetchContacts(ids: page.ids, db), total: page.total, totalIsExact: page.totalIsExact)
            }
        }
        return try await writer.read { db in
            let page = try search.run(db)
            return Page(items: try Self.fetchContacts(ids: page.ids, db), total: page.total, totalIsExact: page.totalIsExact)
        }
    }

    public func createContact(_ draft: ContactDraft) async throws -> Contact {
        let defaultCountry = self.defaultCountry
        return try await write { db in
            let id = try Self.insert(draft, defaultCountry: defaultCountry, at: Date(), db)
            self.nameOrderChanges(id)
            try self.refreshPhoneIndex(for: Self.unique(draft.phones), db)
            return try Self.fetchContacts(ids: [id], db)[0]
        }
    }

    public func updateContact(id: Int64, with patch: ContactPatch) async throws -> Contact? {
        let defaultCountry = self.defaultCountry
        return try await write { db in
            guard let contact = try Self.fetchContacts(ids: [id], db).first else { return nil }
            let edited = contact.applying(patch, at: Date())
            if patch.name != nil { self.nameOrderChanges(id) }
            try ContactRecord(edited, defaultCountry: defaultCountry).update(db)
            if patch.phones != nil { try Self.replacePhones(of: id, with: edited.phones, extensions: edited.extensions, db) }
            try self.refreshPhoneIndex(for: Array(Set(contact.phones + edited.phones)), db)
            return try Self.fetchContacts(ids: [id], db).first
        }
    }

    public func deleteContact(id: Int64) async throws -> Bool {
        try await write { db in
            let phones = try ContactPhoneRecord.filter(ContactPhoneRecord.Columns.contactID == id).fetchAll(db)
            self.nameOrderChanges(id)
            guard try ContactRecord.deleteOne(db, key: id) else { return false }
            try self.refreshPhoneIndex(for: phones.map { PhoneNumber(stored: $0.phone) }, db)
            return true
        }
    }

    // MARK: - Inside transactions

    /// Inserts a contact and its phones; returns its id.
    static func insert(_ draft: ContactDraft, defaultCountry: CountryCode, at now: Date, _ db: Database) throws -> Int64 {
        let phones = unique(draft.phones)
        var record = ContactRecord(draft, phones: phones, defaultCountry: defaultCountry, at: now)
        try record.insert(db)
        let id = record.id!
        try replacePhones(of: id, with: phones, extensions: draft.extensions, db)
        return id
    }

    /// The contact a number resolves to: the oldest one that has it, as the phone index answers.
    static func winner(for phone: PhoneNumber, _ db: Database) throws -> ContactMatch? {
        let owner = try ContactPhoneRecord.filter(ContactPhoneRecord.Columns.phone == phone.value)
            .order(ContactPhoneRecord.Columns.contactID).fetchOne(db)
        guard let owner, let contact = try ContactRecord.fetchOne(db, key: owner.contactId) else { return nil }
        return ContactMatch(contactID: owner.contactId, name: contact.name, responsible: contact.responsibleId)
    }

    /// Recomputes what each number resolves to and hands that to the phone index once committed.
    func refreshPhoneIndex(for phones: [PhoneNumber], _ db: Database) throws {
        let changes: [PhoneIndex.Change] = try phones.map { phone in
            try Self.winner(for: phone, db).map { .set(phone, $0) } ?? .remove(phone)
        }
        let index = self.phones
        db.afterNextTransaction(onCommit: { _ in index.apply(changes) })
    }

    static func replacePhones(of contactID: Int64, with phones: [PhoneNumber], extensions: [String: String], _ db: Database) throws {
        try ContactPhoneRecord.filter(ContactPhoneRecord.Columns.contactID == contactID).deleteAll(db)
        for (position, phone) in phones.enumerated() {
            try ContactPhoneRecord(contactId: contactID, position: position, phone: phone.value, extension: extensions[phone.value])
                .insert(db)
        }
        // Calls from these numbers that arrived before the contact existed now belong to it.
        try CallRecord.filter(phones.map(\.value).contains(CallRecord.Columns.phone) && CallRecord.Columns.contactID == nil)
            .updateAll(db, CallRecord.Columns.contactID.set(to: contactID))
    }

    /// The contacts with these ids, in the order of `ids`.
    static func fetchContacts(ids: [Int64], _ db: Database) throws -> [Contact] {
        guard !ids.isEmpty else { return [] }
        let rows = try ContactRecord.filter(keys: ids).including(all: ContactRecord.phones.forKey("phones"))
            .asRequest(of: ContactWithPhones.self).fetchAll(db)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.contact.id ?? 0, $0.contact.contact(phones: $0.phones)) })
        return ids.compactMap { byID[$0] }
    }

    static func unique(_ phones: [PhoneNumber]) -> [PhoneNumber] {
        phones.distinctNumbers
    }
}

/// A contact row with its phone rows.
private struct ContactWithPhones: Decodable, FetchableRecord {
    var contact: ContactRecord
    var phones: [ContactPhoneRecord]
}
