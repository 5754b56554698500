import CRMCore
import Foundation
import GRDB

extension SQLiteStore {
    public func startSession(_ session: LoginSession, replacing: SessionKey?) async throws {
        try await write { db in
            if let replacing { _ = try SessionRecord.deleteOne(db, key: replacing.value) }
            try SessionRecord(session).insert(db)
        }
    }

    public func session(_ key: SessionKey) async throws -> LoginSession? {
        try await writer.read { db in try SessionRecord.fetchOne(db, key: key.value)?.session }
    }

    public func touchSession(_ key: SessionKey, at time: Date) async throws {
        _ = try await write { db in
            try SessionRecord.filter(key: key.value).updateAll(db, SessionRecord.Columns.lastSeenAt.set(to: time.timeIntervalSince1970))
        }
    }

    public func endSession(_ key: SessionKey) async throws {
        _ = try await write { db in try SessionRecord.deleteOne(db, key: key.value) }
    }

    @discardableResult
    public func endSessions(of manager: ManagerID, keeping: SessionKey?) async throws -> Int {
        try await write { db in try Self.deleteSessions(of: manager, keeping: keeping, db) }
    }

    static func deleteSessions(of manager: ManagerID, keeping: SessionKey?, _ db: Database) throws -> Int {
        var sessions = SessionRecord.filter(SessionRecord.Columns.managerID == manager)
        if let keeping { sessions = sessions.filter(SessionRecord.Columns.key != keeping.value) }
        return try sessions.deleteAll(db)
    }

    public func loginThrottle(_ names: [String]) async throws -> [String: LoginThrottle.State] {
        try await writer.read { db in
            try Dictionary(uniqueKeysWithValues: LoginFailureRecord.fetchAll(db, keys: names).map { ($0.name, $0.state) })
        }
    }

    public func recordLoginFailure(_ names: [(name: String, rule: LoginThrottle)], at time: Date) async throws
        -> [String: LoginThrottle.State]
    {
        try await write { db in
            var states: [String: LoginThrottle.State] = [:]
            for (name, rule) in names {
                let state = rule.failing(try LoginFailureRecord.fetchOne(db, key: name)?.state, at: time)
                try LoginFailureRecord(name: name, state).upsert(db)
                states[name] = state
            }
            return states
        }
    }

    public func forgetLoginFailures(_ name: String) async throws {
        _ = try await write { db in try LoginFailureRecord.deleteOne(db, key: name) }
    }
}
