import CRMCore
import Foundation
import GRDB

extension SQLiteStore: ManagerStore {
    public func managers() async throws -> [Manager] {
        try await writer.read { db in
            try ManagerRow.fetchAll(db, sql: "SELECT * FROM manager ORDER BY role = 'admin', name").map(\.manager)
        }
    }

    public func manager(id: ManagerID) async throws -> Manager? {
        try await writer.read { db in
            try ManagerRow.fetchOne(db, sql: "SELECT * FROM manager WHERE id = ?", arguments: [id])?.manager
        }
    }

    public func credentials(login: String) async throws -> (manager: Manager, passwordHash: String)? {
        try await writer.read { db in
            try ManagerRow.fetchOne(db, sql: "SELECT * FROM manager WHERE login = ?", arguments: [login])
                .map { ($0.manager, $0.passwordHash) }
        }
    }

    public func createManager(_ manager: Manager, passwordHash: String) async throws -> Manager {
        try await write { db in
            try Self.insert(manager, passwordHash: passwordHash, db)
            try self.refreshManagerDirectory(db)
            return manager
        }
    }

    public func updateManager(id: ManagerID, with patch: ManagerPatch, passwordHash: String?) async throws -> Manager? {
        try await write { db in
            guard var manager = try ManagerRow.fetchOne(db, sql: "SELECT * FROM manager WHERE id = ?", arguments: [id])?.manager else {
                return nil
            }
            if let name = patch.name { manager.name = name }
            if let login = patch.login { manager.login = login }
            if let role = patch.role { manager.role = role }
            if let pbxAccount = patch.pbxAccount { manager.pbxAccount = pbxAccount.flatMap { $0.isEmpty ? nil : $0 } }
            if let active = patch.active { manager.active = active }
            try db.execute(
                sql: "UPDATE manager SET name = ?, login = ?, role = ?, pbx_account = ?, active = ? WHERE id = ?",
                arguments: [manager.name, manager.login, manager.role.rawValue, manager.pbxAccount, manager.active, id]
            )
            if let passwordHash {
                try db.execute(sql: "UPDATE manager SET password_hash = ? WHERE id = ?", arguments: [passwordHash, id])
            }
            try self.refreshManagerDirectory(db)
            return manager
        }
    }

    static func insert(_ manager: Manager, passwordHash: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO manager (id, name, login, password_hash, role, pbx_account, active, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                manager.id, manager.name, manager.login, passwordHash, manager.role.rawValue, manager.pbxAccount, manager.active,
                Date().timeIntervalSince1970,
            ]
        )
    }

    func refreshManagerDirectory(_ db: Database) throws {
        let managers = try ManagerRow.fetchAll(db, sql: "SELECT * FROM manager").map(\.manager)
        let directory = managerDirectory
        db.afterNextTransaction(onCommit: { _ in directory.replace(with: managers) })
    }
}
