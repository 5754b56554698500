import CRMCore
import Foundation
import GRDB

extension SQLiteStore {
    public func managers() async throws -> [Manager] {
        try await writer.read { db in try ManagerRecord.listed.fetchAll(db).map(\.manager) }
    }

    public func credentials(login: String) async throws -> Credentials? {
        try await writer.read { db in
            try ManagerRecord.filter(ManagerRecord.Columns.login == login).fetchOne(db)
                .map { Credentials(manager: $0.manager, passwordHash: $0.passwordHash) }
        }
    }

    public func createManager(_ manager: Manager, passwordHash: String) async throws -> Manager {
        try await write { db in
            try ManagerRecord(manager, passwordHash: passwordHash).insert(db)
            try self.refreshManagerDirectory(db)
            return manager
        }
    }

    public func updateManager(id: ManagerID, with patch: ManagerPatch, passwordHash: String?, keeping: SessionKey?) async throws
        -> ManagerUpdate?
    {
        try await write { db in
            guard let record = try ManagerRecord.fetchOne(db, key: id) else { return nil }
            let manager = record.manager.applying(patch)
            try ManagerRecord(manager, passwordHash: passwordHash ?? record.passwordHash, createdAt: record.createdAt).update(db)
            try self.refreshManagerDirectory(db)
            let ends = record.manager.endsSessions(becoming: manager, passwordChanged: passwordHash != nil)
            if ends { _ = try Self.deleteSessions(of: id, keeping: keeping, db) }
            return ManagerUpdate(manager: manager, endedSessions: ends)
        }
    }

    public func manager(withID id: ManagerID) -> Manager? {
        managerDirectory.manager(id: id)
    }

    public func manager(forPBXUser user: String, selfMap: Bool) -> Manager? {
        managerDirectory.resolve(user: user, selfMap: selfMap)
    }

    /// Inside a write of managers: the directory gets every manager once the write commits.
    func refreshManagerDirectory(_ db: Database) throws {
        let managers = try ManagerRecord.fetchAll(db).map(\.manager)
        let directory = managerDirectory
        db.afterNextTransaction(onCommit: { _ in directory.replace(with: managers) })
    }
}
