import CRMCore
import Foundation
import GRDB
import PBXProtocol

extension SQLiteStore: ContactStore {
    public func lookupContact(phone: PhoneNumber) async throws -> ContactMatch? {
        switch phones.lookup(phone) {
        case .found(let match): return match
        case .unknown: return nil
        case .notReady: return try await writer.read { db in try Self.winner(for: phone, db) }
        }
    }

    public func contact(id: Int64) async throws -> Contact? {
        try await writer.read { db in try Self.fetchContacts(db, ids: [id]).first }
    }

    public func contacts(matching query: String, limit: Int, offset: Int) async throws -> Page<Contact> {
        let search = ContactSearch(needle: SearchText.normalizeQuery(query), limit: limit, offset: offset, order: nameOrder.snapshot)
        // A large database: the matches come from two halves of the id range at once, one per core.
        if search.usesIndex, let middle = try await writer.read({ db in try Self.middleID(db) }) {
            let phrase = search.phrase
            async let low = writer.read { db in try ContactSearch.matches(phrase, ids: .upTo(middle), db) }
            async let high = writer.read { db in try ContactSearch.matches(phrase, ids: .after(middle), db) }
            let matches = try await low + high
            return try await writer.read { db in
                let page = try search.page(of: matches, db)
                return Page(items: try Self.fetchContacts(db, ids: page.ids), total: page.total, totalIsExact: page.totalIsExact)
            }
        }
        return try await writer.read { db in
            let page = try search.run(db)
            return Page(items: try Self.fetchContacts(db, ids: page.ids), total: page.total, totalIsExact: page.totalIsExact)
        }
    }

    /// Half the largest contact id, when there are enough contacts for splitting a search to pay.
    static func middleID(_ db: Database) throws -> Int64? {
        guard let maximum = try Int64.fetchOne(db, sql: "SELECT max(id) FROM contact"), maximum >= 200_000 else { return nil }
        return maximum / 2
    }

    public func createContact(_ draft: ContactDraft) async throws -> Contact {
        let now = Date().timeIntervalSince1970
        let phones = Self.unique(draft.phones)
        let document = SearchText.document(name: draft.name, company: draft.company, phones: phones, defaultCountry: defaultCountry)
        return try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO contact (name, name_key, company, notes, responsible_id, search_text, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [draft.name, NameKey.of(draft.name), draft.company, draft.notes, draft.responsible, document, now, now]
            )
            let id = db.lastInsertedRowID
            self.nameOrderChanges(id)
            try Self.replacePhones(of: id, with: phones, extensions: draft.extensions, db)
            try self.refreshDirectory(for: phones, db)
            return try Self.fetchContacts(db, ids: [id])[0]
        }
    }

    public func updateContact(id: Int64, with patch: ContactPatch) async throws -> Contact? {
        let now = Date().timeIntervalSince1970
        let defaultCountry = self.defaultCountry
        return try await write { db in
            guard var contact = try Self.fetchContacts(db, ids: [id]).first else { return nil }
            if patch.name != nil { self.nameOrderChanges(id) }
            let oldPhones = contact.phones
            if let name = patch.name { contact.name = name }
            if let company = patch.company { contact.company = company }
            if let notes = patch.notes { contact.notes = notes }
            if let phones = patch.phones {
                contact.phones = Self.unique(phones)
                contact.extensions = patch.extensions
            }
            if let responsible = patch.responsible { contact.responsible = responsible }
            let document = SearchText.document(
                name: contact.name, company: contact.company, phones: contact.phones, defaultCountry: defaultCountry
            )
            try db.execute(
                sql: """
                    UPDATE contact SET name = ?, name_key = ?, company = ?, notes = ?, responsible_id = ?, search_text = ?,
                                       updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [contact.name, NameKey.of(contact.name), contact.company, contact.notes, contact.responsible, document, now, id]
            )
            if patch.phones != nil { try Self.replacePhones(of: id, with: contact.phones, extensions: contact.extensions, db) }
            try self.refreshDirectory(for: Array(Set(oldPhones + contact.phones)), db)
            return try Self.fetchContacts(db, ids: [id]).first
        }
    }

    public func deleteContact(id: Int64) async throws -> Bool {
        try await write { db in
            let phones = try String.fetchAll(db, sql: "SELECT phone FROM contact_phone WHERE contact_id = ?", arguments: [id])
                .map(PhoneNumber.init(stored:))
            self.nameOrderChanges(id)
            try db.execute(sql: "DELETE FROM contact WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { return false }
            try self.refreshDirectory(for: phones, db)
            return true
        }
    }

    // MARK: - Inside transactions

    /// The contact a number resolves to: the oldest one that has it, as the directory answers.
    static func winner(for phone: PhoneNumber, _ db: Database) throws -> ContactMatch? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT c.id, c.name, c.responsible_id FROM contact_phone p JOIN contact c ON c.id = p.contact_id
                WHERE p.phone = ? ORDER BY p.contact_id LIMIT 1
                """,
            arguments: [phone.value]
        ).map { ContactMatch(contactID: $0[0], name: $0[1], responsible: $0[2]) }
    }

    /// Recomputes what each number resolves to and hands that to the directory once committed.
    func refreshDirectory(for phones: [PhoneNumber], _ db: Database) throws {
        let changes: [PhoneIndex.Change] = try phones.map { phone in
            try Self.winner(for: phone, db).map { .set(phone, $0) } ?? .remove(phone)
        }
        let directory = self.phones
        db.afterNextTransaction(onCommit: { _ in directory.apply(changes) })
    }

    static func replacePhones(of contactID: Int64, with phones: [PhoneNumber], extensions: [String: String], _ db: Database) throws {
        try db.execute(sql: "DELETE FROM contact_phone WHERE contact_id = ?", arguments: [contactID])
        for (position, phone) in phones.enumerated() {
            try db.execute(
                sql: "INSERT INTO contact_phone (contact_id, position, phone, extension) VALUES (?, ?, ?, ?)",
                arguments: [contactID, position, phone.value, extensions[phone.value]]
            )
        }
        // Calls from these numbers that arrived before the contact existed now belong to it.
        for phone in phones {
            try db.execute(
                sql: "UPDATE call SET contact_id = ? WHERE phone = ? AND contact_id IS NULL", arguments: [contactID, phone.value]
            )
        }
    }

    static func fetchContacts(_ db: Database, ids: [Int64]) throws -> [Contact] {
        guard !ids.isEmpty else { return [] }
        let placeholders = databaseQuestionMarks(count: ids.count)
        var phones: [Int64: [PhoneNumber]] = [:]
        var extensions: [Int64: [String: String]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT contact_id, phone, extension FROM contact_phone WHERE contact_id IN (\(placeholders))
                ORDER BY contact_id, position
                """,
            arguments: StatementArguments(ids)
        ) {
            phones[row[0], default: []].append(PhoneNumber(stored: row[1]))
            if let number = row[2] as String? { extensions[row[0], default: [:]][row[1]] = number }
        }
        let byID = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT * FROM contact WHERE id IN (\(placeholders))", arguments: StatementArguments(ids))
                .map { row -> (Int64, Contact) in
                    let id: Int64 = row["id"]
                    return (id, Contact(row: row, phones: phones[id] ?? [], extensions: extensions[id] ?? [:]))
                }
        )
        return ids.compactMap { byID[$0] }
    }

    static func unique(_ phones: [PhoneNumber]) -> [PhoneNumber] {
        var seen = Set<PhoneNumber>()
        return phones.filter { !$0.value.isEmpty && seen.insert($0).inserted }
    }
}
