import GRDB

/// One page of `GET /api/contacts?q=`, in name order, among a million contacts.
///
/// Substring search runs on the trigram index, which hands back every match in id order; the total
/// is their count, exact, and comes from the index alone. The page is the matches first in name
/// order. Sorting all of them by name would cost a row lookup each (`ванов` matches 76 000 contacts;
/// a surname thousands, all in one stretch of the alphabet, so walking the name index does not help
/// either). With the in-memory `NameOrder`, the page is the matches of smallest rank — one pass over
/// an array — plus any contact written since the ranks were built; SQLite sorts just those.
///
/// Queries shorter than a trigram cannot use the index. Their page comes from walking the name
/// index (their matches are dense), and their count stops at `shortQueryCountLimit`, reported as a
/// lower bound.
struct ContactSearch {
    let needle: String
    let limit: Int
    let offset: Int
    /// Ranks, when they are loaded.
    var order: NameOrder.Snapshot?

    /// How far a one- or two-character query is counted.
    static let shortQueryCountLimit = 1000
    /// How many steps of the name index a one- or two-character query walks before it scans.
    static let shortQueryWalkLimit = 20_000
    /// Past this many candidates to sort, ranks do not pay off (after a mass import, before a rebuild).
    static let candidateLimit = 20_000

    struct Result: Equatable {
        var ids: [Int64]
        var total: Int
        var totalIsExact = true
        /// How the page was found, for tests and diagnostics.
        var plan: Plan
    }

    enum Plan: Equatable {
        case everyone, ranks, sort, walk, scan
    }

    func run(_ db: Database) throws -> Result {
        if needle.isEmpty { return try everyone(db) }
        if needle.count >= 3 { return try indexed(db) }
        return try scanned(db)
    }

    private func everyone(_ db: Database) throws -> Result {
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact") ?? 0
        let ids = try Int64.fetchAll(
            db, sql: "SELECT id FROM contact ORDER BY name_key, id LIMIT ? OFFSET ?", arguments: [limit, offset]
        )
        return Result(ids: ids, total: total, plan: .everyone)
    }

    /// Half the largest contact id, when there are enough contacts for splitting a search to pay.
    static func middleID(_ db: Database) throws -> Int64? {
        guard let maximum = try Int64.fetchOne(db, sql: "SELECT max(id) FROM contact"), maximum >= 200_000 else { return nil }
        return maximum / 2
    }

    /// Trigram index: a quoted phrase is a substring match.
    var phrase: String { "\"" + needle.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Whether the trigram index can answer the needle (three characters or more).
    var usesIndex: Bool { needle.count >= 3 }

    /// The ids matching the needle in `ids` (all of them for nil), ascending.
    static func matches(_ phrase: String, ids: IDRange?, _ db: Database) throws -> [Int64] {
        switch ids {
        case nil:
            try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT rowid FROM contact_search WHERE contact_search MATCH ?"), arguments: [phrase]
            )
        case .upTo(let last):
            try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT rowid FROM contact_search WHERE contact_search MATCH ? AND rowid <= ?"),
                arguments: [phrase, last]
            )
        case .after(let last):
            try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT rowid FROM contact_search WHERE contact_search MATCH ? AND rowid > ?"),
                arguments: [phrase, last]
            )
        }
    }

    /// A part of the id range, for reading the matches of a long needle on two cores at once (the
    /// trigram index seeks by rowid, so each half costs half).
    enum IDRange: Sendable {
        case upTo(Int64)
        case after(Int64)
    }

    private func indexed(_ db: Database) throws -> Result {
        try page(of: try Self.matches(phrase, ids: nil, db), db)
    }

    /// The page among `matches` (ascending ids of the contacts the needle matched).
    func page(of matches: [Int64], _ db: Database) throws -> Result {
        let phrase = self.phrase
        let total = matches.count
        guard total > offset else { return Result(ids: [], total: total, plan: .sort) }
        let wanted = offset + limit

        if let order, wanted < total {
            var clean: [UInt64] = []
            clean.reserveCapacity(total)
            var dirty: [Int64] = []
            for id in matches {
                if order.isClean(id) {
                    clean.append(UInt64(order.ranks[Int(id)]) << 32 | UInt64(id))
                } else {
                    dirty.append(id)
                }
            }
            let candidates = NameOrder.smallest(wanted, of: clean).map { Int64($0 & 0xFFFF_FFFF) } + dirty
            if candidates.count <= Self.candidateLimit {
                return Result(ids: try Self.page(of: candidates, limit: limit, offset: offset, db), total: total, plan: .ranks)
            }
        }
        if total <= Self.candidateLimit {
            return Result(ids: try Self.page(of: matches, limit: limit, offset: offset, db), total: total, plan: .sort)
        }
        let ids = try Int64.fetchAll(
            db,
            sql: """
                SELECT id FROM contact WHERE id IN (SELECT rowid FROM contact_search WHERE contact_search MATCH ?)
                ORDER BY name_key, id LIMIT ? OFFSET ?
                """,
            arguments: [phrase, limit, offset]
        )
        return Result(ids: ids, total: total, plan: .sort)
    }

    /// `ids` sorted by name, one page of them.
    static func page(of ids: [Int64], limit: Int, offset: Int, _ db: Database) throws -> [Int64] {
        var list = "["
        list.reserveCapacity(ids.count * 8 + 2)
        for (index, id) in ids.enumerated() {
            if index > 0 { list += "," }
            list += String(id)
        }
        list += "]"
        return try Int64.fetchAll(
            db.cachedStatement(
                sql: "SELECT id FROM contact WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name_key, id LIMIT ? OFFSET ?"
            ),
            arguments: [list, limit, offset]
        )
    }

    /// Shorter than a trigram: no index can help. One scan, stopped at the count limit, finds the
    /// matches; a few are sorted, many are dense enough for a walk along the name index, each step
    /// checking one contact (and a walk that runs too long falls back to a full scan).
    private func scanned(_ db: Database) throws -> Result {
        let pattern = "%" + Self.escapeLike(needle) + "%"
        let found = try Int64.fetchAll(
            db, sql: "SELECT id FROM contact WHERE search_text LIKE ? ESCAPE '\\' LIMIT ?",
            arguments: [pattern, Self.shortQueryCountLimit + 1]
        )
        let totalIsExact = found.count <= Self.shortQueryCountLimit
        let total = min(found.count, Self.shortQueryCountLimit)
        if totalIsExact {
            guard found.count > offset else { return Result(ids: [], total: total, plan: .scan) }
            return Result(ids: try Self.page(of: found, limit: limit, offset: offset, db), total: total, plan: .sort)
        }
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT id, search_text LIKE ? ESCAPE '\\' FROM contact INDEXED BY contact_by_name ORDER BY name_key, id",
            arguments: [pattern]
        )
        var ids: [Int64] = []
        var skipped = 0
        var steps = 0
        while steps < Self.shortQueryWalkLimit, let row = try cursor.next() {
            steps += 1
            guard row[1] as Bool else { continue }
            if skipped < offset {
                skipped += 1
            } else {
                ids.append(row[0])
                if ids.count == limit { break }
            }
        }
        if ids.count == limit || steps < Self.shortQueryWalkLimit {
            return Result(ids: ids, total: total, totalIsExact: false, plan: .walk)
        }
        let scannedIDs = try Int64.fetchAll(
            db,
            sql: "SELECT id FROM contact WHERE search_text LIKE ? ESCAPE '\\' ORDER BY name_key, id LIMIT ? OFFSET ?",
            arguments: [pattern, limit, offset]
        )
        return Result(ids: scannedIDs, total: total, totalIsExact: false, plan: .scan)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
