import CRMCore
import Foundation
internal import PostgresNIO

/// The columns of `manager`, in the order every query reads them.
enum ManagerColumns {
    static let list = "id, name, login, role, pbx_account, active, password_hash"
    typealias Row = (String, String, String, String, String?, Bool, String)

    static func manager(_ row: Row) -> Manager {
        Manager(id: row.0, name: row.1, login: row.2, role: Manager.Role(rawValue: row.3) ?? .manager, pbxAccount: row.4, active: row.5)
    }
}

extension PostgresStore {
    public func managers() async throws -> [Manager] {
        try await run {
            try await client.run(
                "SELECT \(unescaped: ManagerColumns.list) FROM manager ORDER BY role = 'admin', name", logger: logger
            ).decode(ManagerColumns.Row.self).all().map(ManagerColumns.manager)
        }
    }

    public func credentials(login: String) async throws -> Credentials? {
        try await run {
            try await client.run("SELECT \(unescaped: ManagerColumns.list) FROM manager WHERE lower(login) = lower(\(login))", logger: logger)
                .decode(ManagerColumns.Row.self).all().first.map { Credentials(manager: ManagerColumns.manager($0), passwordHash: $0.6) }
        }
    }

    public func createManager(_ manager: Manager, passwordHash: String) async throws -> Manager {
        try await transaction { connection in
            try await Self.insert(manager, passwordHash: passwordHash, connection, logger: logger)
            try await Self.announce(.managers, connection, logger: logger)
        }
        await reloadManagers()
        return manager
    }

    public func updateManager(id: ManagerID, with patch: ManagerPatch, passwordHash: String?, keeping: SessionKey?) async throws
        -> ManagerUpdate?
    {
        let updated = try await transaction { connection -> ManagerUpdate? in
            let rows = try await connection.run(
                "SELECT \(unescaped: ManagerColumns.list) FROM manager WHERE id = \(id) FOR UPDATE", logger: logger
            ).decode(ManagerColumns.Row.self).all()
            guard let row = rows.first else { return nil }
            let before = ManagerColumns.manager(row)
            let manager = before.applying(patch)
            try await connection.run(
                """
                UPDATE manager SET name = \(manager.name), login = \(manager.login), role = \(manager.role.rawValue),
                    pbx_account = \(manager.pbxAccount), active = \(manager.active), password_hash = \(passwordHash ?? row.6)
                WHERE id = \(id)
                """,
                logger: logger
            )
            let ends = before.endsSessions(becoming: manager, passwordChanged: passwordHash != nil)
            if ends { _ = try await Self.deleteSessions(of: id, keeping: keeping, connection, logger: logger) }
            try await Self.announce(.managers, connection, logger: logger)
            return ManagerUpdate(manager: manager, endedSessions: ends)
        }
        await reloadManagers()
        return updated
    }

    public func manager(withID id: ManagerID) -> Manager? {
        managerDirectory.manager(id: id)
    }

    public func manager(forPBXUser user: String, selfMap: Bool) -> Manager? {
        managerDirectory.resolve(user: user, selfMap: selfMap)
    }

    /// The directory from the database: after this instance's manager writes, and another's.
    func reloadManagers() async {
        do {
            managerDirectory.replace(with: try await Self.allManagers(client))
        } catch {
            logger.error("Managers failed to reload", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    static func insert(_ manager: Manager, passwordHash: String, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.run(
            """
            INSERT INTO manager (id, name, login, password_hash, role, pbx_account, active, created_at)
            VALUES (\(manager.id), \(manager.name), \(manager.login), \(passwordHash), \(manager.role.rawValue), \(manager.pbxAccount),
                    \(manager.active), \(Date().timeIntervalSince1970))
            """,
            logger: logger
        )
    }
}
