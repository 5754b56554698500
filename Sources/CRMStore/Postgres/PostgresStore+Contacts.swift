import CRMCore
import Foundation
import PBXProtocol
internal import PostgresNIO

extension PostgresStore {
    public func lookupContact(phone: PhoneNumber) async throws -> ContactMatch? {
        switch phones.lookup(phone) {
        case .found(let match): return match
        case .unknown: return nil
        case .notReady: return try await run { try await Self.winner(for: phone, client, logger: logger) }
        }
    }

    public func contact(id: Int64) async throws -> Contact? {
        try await run { try await Self.fetchContacts(ids: [id], client, logger: logger).first }
    }

    public func contacts(matching query: String, limit: Int, offset: Int) async throws -> Page<Contact> {
        let needle = SearchText.normalizeQuery(query)
        return try await run {
            guard !needle.isEmpty else {
                let total = try await client.run("SELECT count(*) FROM contact", logger: logger).decode(Int.self).all().first ?? 0
                let ids = try await client.run(
                    "SELECT id FROM contact ORDER BY name_key COLLATE \"C\", id LIMIT \(limit) OFFSET \(offset)", logger: logger
                ).decode(Int64.self).all()
                return Page(items: try await Self.fetchContacts(ids: ids, client, logger: logger), total: total)
            }
            let pattern = "%" + ContactSearch.escapeLike(needle) + "%"
            // As on SQLite: a one- or two-character needle is counted only so far.
            let countLimit = needle.count < 3 ? ContactSearch.shortQueryCountLimit + 1 : Int(Int32.max)
            let counted = try await client.run(
                "SELECT count(*) FROM (SELECT 1 FROM contact WHERE search_text LIKE \(pattern) ESCAPE '\\' LIMIT \(countLimit)) AS found",
                logger: logger
            ).decode(Int.self).all().first ?? 0
            let ids = try await client.run(
                """
                SELECT id FROM contact WHERE search_text LIKE \(pattern) ESCAPE '\\'
                ORDER BY name_key COLLATE "C", id LIMIT \(limit) OFFSET \(offset)
                """,
                logger: logger
            ).decode(Int64.self).all()
            let exact = counted < countLimit
            return Page(
                items: try await Self.fetchContacts(ids: ids, client, logger: logger),
                total: exact ? counted : ContactSearch.shortQueryCountLimit, totalIsExact: exact
            )
        }
    }

    public func createContact(_ draft: ContactDraft) async throws -> Contact {
        let phones = draft.phones.distinctNumbers
        let (id, changes) = try await transaction { connection in
            let id = try await Self.insert(draft, phones: phones, defaultCountry: defaultCountry, connection, logger: logger)
            let changes = try await Self.phoneChanges(for: phones, connection, logger: logger)
            try await Self.announce(.phones(phones), connection, logger: logger)
            return (id, changes)
        }
        self.phones.apply(changes)
        guard let contact = try await contact(id: id) else { throw StoreError.unavailable("contact \(id) vanished") }
        return contact
    }

    public func updateContact(id: Int64, with patch: ContactPatch) async throws -> Contact? {
        let defaultCountry = self.defaultCountry
        let result = try await transaction { connection -> (Contact, [PhoneIndex.Change])? in
            guard let contact = try await Self.fetchContacts(ids: [id], connection, lock: true, logger: logger).first else { return nil }
            let edited = contact.applying(patch, at: Date())
            let search = SearchText.document(name: edited.name, company: edited.company, phones: edited.phones, defaultCountry: defaultCountry)
            try await connection.run(
                """
                UPDATE contact SET name = \(edited.name), name_key = \(NameKey.of(edited.name)), company = \(edited.company),
                    notes = \(edited.notes), responsible_id = \(edited.responsible), search_text = \(search),
                    updated_at = \(edited.updatedAt.timeIntervalSince1970)
                WHERE id = \(id)
                """,
                logger: logger
            )
            if patch.phones != nil {
                try await Self.replacePhones(of: id, with: edited.phones, extensions: edited.extensions, connection, logger: logger)
            }
            let touched = Array(Set(contact.phones + edited.phones))
            let changes = try await Self.phoneChanges(for: touched, connection, logger: logger)
            try await Self.announce(.phones(touched), connection, logger: logger)
            return (edited, changes)
        }
        guard let (_, changes) = result else { return nil }
        phones.apply(changes)
        return try await contact(id: id)
    }

    public func deleteContact(id: Int64) async throws -> Bool {
        let changes = try await transaction { connection -> [PhoneIndex.Change]? in
            let numbers = try await connection.run("SELECT phone FROM contact_phone WHERE contact_id = \(id)", logger: logger)
                .decode(String.self).all().map(PhoneNumber.init(stored:))
            let deleted = try await connection.run("DELETE FROM contact WHERE id = \(id) RETURNING id", logger: logger)
                .decode(Int64.self).all()
            guard !deleted.isEmpty else { return nil }
            try await Self.announce(.phones(numbers), connection, logger: logger)
            return try await Self.phoneChanges(for: numbers, connection, logger: logger)
        }
        guard let changes else { return false }
        phones.apply(changes)
        return true
    }

    // MARK: - Inside transactions

    static func insert(
        _ draft: ContactDraft, phones: [PhoneNumber], defaultCountry: CountryCode, _ connection: PostgresConnection, logger: Logger
    ) async throws -> Int64 {
        let now = Date().timeIntervalSince1970
        let search = SearchText.document(name: draft.name, company: draft.company, phones: phones, defaultCountry: defaultCountry)
        let id = try await connection.run(
            """
            INSERT INTO contact (name, name_key, company, notes, responsible_id, search_text, created_at, updated_at)
            VALUES (\(draft.name), \(NameKey.of(draft.name)), \(draft.company), \(draft.notes), \(draft.responsible), \(search), \(now), \(now))
            RETURNING id
            """,
            logger: logger
        ).decode(Int64.self).all().first!
        try await replacePhones(of: id, with: phones, extensions: draft.extensions, connection, logger: logger)
        return id
    }

    static func replacePhones(
        of contactID: Int64, with phones: [PhoneNumber], extensions: [String: String], _ connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.run("DELETE FROM contact_phone WHERE contact_id = \(contactID)", logger: logger)
        for (position, phone) in phones.enumerated() {
            try await connection.run(
                """
                INSERT INTO contact_phone (contact_id, position, phone, extension)
                VALUES (\(contactID), \(position), \(phone.value), \(extensions[phone.value]))
                """,
                logger: logger
            )
        }
        // Calls from these numbers that arrived before the contact existed now belong to it.
        let values = phones.map(\.value)
        try await connection.run(
            "UPDATE call SET contact_id = \(contactID) WHERE phone = ANY(\(values)) AND contact_id IS NULL", logger: logger
        )
    }

    /// The contact a number resolves to: the oldest one that has it, as the phone index answers.
    static func winner(for phone: PhoneNumber, _ executor: some PostgresExecutor, logger: Logger) async throws -> ContactMatch? {
        try await executor.run(
            """
            SELECT c.id, c.name, c.responsible_id FROM contact_phone p JOIN contact c ON c.id = p.contact_id
            WHERE p.phone = \(phone.value) ORDER BY p.contact_id LIMIT 1
            """,
            logger: logger
        ).decode((Int64, String, String?).self).all().first.map { ContactMatch(contactID: $0.0, name: $0.1, responsible: $0.2) }
    }

    /// What each number resolves to now, for the phone index.
    static func phoneChanges(for phones: [PhoneNumber], _ connection: PostgresConnection, logger: Logger) async throws -> [PhoneIndex.Change] {
        var changes: [PhoneIndex.Change] = []
        for phone in phones {
            changes.append(try await winner(for: phone, connection, logger: logger).map { .set(phone, $0) } ?? .remove(phone))
        }
        return changes
    }

    /// The contacts with these ids, in the order of `ids`.
    static func fetchContacts(ids: [Int64], _ executor: some PostgresExecutor, lock: Bool = false, logger: Logger) async throws -> [Contact] {
        guard !ids.isEmpty else { return [] }
        var phones: [Int64: [(String, String?)]] = [:]
        let phoneRows = try await executor.run(
            "SELECT contact_id, phone, extension FROM contact_phone WHERE contact_id = ANY(\(ids)) ORDER BY contact_id, position",
            logger: logger
        )
        for try await (id, phone, extensionNumber) in phoneRows.decode((Int64, String, String?).self) {
            phones[id, default: []].append((phone, extensionNumber))
        }
        let rows = try await executor.run(
            """
            SELECT id, name, company, notes, responsible_id, created_at, updated_at FROM contact WHERE id = ANY(\(ids))
            \(unescaped: lock ? "FOR UPDATE" : "")
            """,
            logger: logger
        )
        var byID: [Int64: Contact] = [:]
        for try await (id, name, company, notes, responsible, created, updated) in rows.decode(
            (Int64, String, String, String, String?, Double, Double).self
        ) {
            let own = phones[id] ?? []
            byID[id] = Contact(
                id: id, name: name, company: company, notes: notes, phones: own.map { PhoneNumber(stored: $0.0) },
                extensions: Dictionary(own.compactMap { phone in phone.1.map { (phone.0, $0) } }, uniquingKeysWith: { $1 }),
                responsible: responsible, createdAt: Date(timeIntervalSince1970: created), updatedAt: Date(timeIntervalSince1970: updated)
            )
        }
        return ids.compactMap { byID[$0] }
    }
}

/// A client or a connection inside a transaction: where a read may run.
protocol PostgresExecutor: Sendable {
    @discardableResult
    func run(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence
}

extension PostgresClient: PostgresExecutor {
    @discardableResult
    func run(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await self.query(query, logger: logger)
    }
}

extension PostgresConnection: PostgresExecutor {
    @discardableResult
    func run(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await self.query(query, logger: logger, file: #fileID, line: #line)
    }
}

extension AsyncSequence {
    /// Every element, in order.
    func all() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}
