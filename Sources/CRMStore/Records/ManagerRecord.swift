import CRMCore
import Foundation
import GRDB

/// A row of `manager`.
struct ManagerRecord: SchemaRecord, PersistableRecord {
    static let databaseTableName = "manager"

    var id: String
    var name: String
    var login: String
    var passwordHash: String
    var role: String
    var pbxAccount: String?
    var active: Bool
    var createdAt: Date

    enum Columns {
        static let id = Column("id")
        static let login = Column("login")
        static let role = Column("role")
        static let name = Column("name")
    }

    init(_ manager: Manager, passwordHash: String, createdAt: Date = Date()) {
        id = manager.id
        name = manager.name
        login = manager.login
        self.passwordHash = passwordHash
        role = manager.role.rawValue
        pbxAccount = manager.pbxAccount
        active = manager.active
        self.createdAt = createdAt
    }

    var manager: Manager {
        Manager(id: id, name: name, login: login, role: Manager.Role(rawValue: role) ?? .manager, pbxAccount: pbxAccount, active: active)
    }

    /// Everyone, managers first, by name: the order lists show.
    static let listed = all().order(Columns.role == Manager.Role.admin.rawValue, Columns.name)
}
