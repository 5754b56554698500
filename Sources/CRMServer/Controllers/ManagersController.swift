import CRMCore
import Foundation
import Hummingbird
import PBXProtocol

/// `/api/managers`: everyone may list them (the UI names managers everywhere); admins change them.
/// A manager may change their own name; their own password only through `POST /api/me/password`,
/// which asks for the current one. A new password, a role change or deactivation ends the manager's
/// sessions and open streams at once.
struct ManagersController {
    let store: any CRMStore
    let access: AccessControl

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("managers", use: list)
        group.patch("managers/{id}", use: update)
    }

    func addAdminRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("managers", use: create)
    }

    struct ManagerInput: Decodable {
        var id: String?
        var name: String?
        var login: String?
        var password: String?
        var role: Manager.Role?
        var pbxAccount: String??
        var active: Bool?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            name = try container.decodeIfPresent(String.self, forKey: .name)?.trimmingWhitespace
            login = try container.decodeIfPresent(String.self, forKey: .login)?.trimmingWhitespace
            password = try container.decodeIfPresent(String.self, forKey: .password)
            role = try container.decodeIfPresent(Manager.Role.self, forKey: .role)
            if container.contains(.pbxAccount) {
                pbxAccount = .some(try container.decodeIfPresent(String.self, forKey: .pbxAccount)?.trimmingWhitespace)
            }
            active = try container.decodeIfPresent(Bool.self, forKey: .active)
        }

        enum CodingKeys: String, CodingKey {
            case id, name, login, password, role, active
            case pbxAccount = "pbx_account"
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ItemList<Manager> {
        ItemList(items: try await store.managers())
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Manager> {
        let input = try await request.decode(as: ManagerInput.self, context: context)
        guard let name = input.name, !name.isEmpty else { throw APIError(.badRequest, "Name is required") }
        guard let login = input.login, Self.isValidIdentifier(login) else {
            throw APIError(.badRequest, "Login is required: letters, digits, . _ - @")
        }
        guard let password = input.password else { throw APIError(.badRequest, "Password is required", field: "password") }
        try PasswordRules.check(password)
        let id = input.id?.trimmingWhitespace ?? login
        guard Self.isValidIdentifier(id) else { throw APIError(.badRequest, "id: letters, digits, . _ - @") }
        let manager = Manager(
            id: id, name: name, login: login, role: input.role ?? .manager,
            pbxAccount: input.pbxAccount.flatMap { $0 }.flatMap { $0.isEmpty ? nil : $0 }, active: input.active ?? true
        )
        let hash = await PasswordHasher.hash(password)
        let created = try await store.createManager(manager, passwordHash: hash)
        return EditedResponse(status: .created, response: created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Manager {
        let me = try context.requireManager()
        guard let id = context.parameters.get("id") else { throw APIError(.notFound, "No such manager") }
        let input = try await request.decode(as: ManagerInput.self, context: context)
        let changesOnlyOwnProfile = id == me.id && input.role == nil && input.pbxAccount == nil && input.active == nil && input.login == nil
        guard me.isAdmin || changesOnlyOwnProfile else { throw APIError(.forbidden, "Admins only") }
        if id == me.id, input.password != nil {
            throw APIError(.forbidden, "Change your own password with POST /api/me/password: it asks for the current one", field: "password")
        }
        if let name = input.name, name.isEmpty { throw APIError(.badRequest, "Name cannot be empty") }
        if let login = input.login, !Self.isValidIdentifier(login) { throw APIError(.badRequest, "Login: letters, digits, . _ - @") }
        if let password = input.password { try PasswordRules.check(password) }
        if id == me.id, input.active == false || input.role == .manager {
            throw APIError(.conflict, "You cannot deactivate or demote yourself")
        }
        let hash: String? = if let password = input.password { await PasswordHasher.hash(password) } else { nil }
        let patch = ManagerPatch(
            name: input.name, login: input.login, role: input.role, pbxAccount: input.pbxAccount, active: input.active
        )
        guard let update = try await store.updateManager(id: id, with: patch, passwordHash: hash, keeping: nil) else {
            throw APIError(.notFound, "No such manager")
        }
        access.applied(update)
        if update.endedSessions { context.logger.notice("Manager's sessions ended", metadata: ["manager": "\(id)", "by": "\(me.id)"]) }
        return update.manager
    }

    static func isValidIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0)) }
    }
}
