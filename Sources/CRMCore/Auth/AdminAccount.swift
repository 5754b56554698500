import Logging

/// The administrator MiniCRM always has, whatever data set is loaded, so that someone can log in:
/// `admin`, with `--admin-password` (default `admin`).
public struct AdminAccount: Sendable {
    public static let login = "admin"
    public static let defaultPassword = "admin"
    /// For a login that fails because the data set brought its own admins instead.
    public static let missingMessage = "Not logged in: this data set has no account \"admin\" (it has admins of its own)"

    /// `--admin-password`: also the password of an `admin` a data set brings. Without it, `admin`
    /// gets the default password only when MiniCRM creates the account.
    public var explicitPassword: String?

    public init(explicitPassword: String? = nil) {
        self.explicitPassword = explicitPassword
    }

    /// Makes sure `store` has an active admin, creating `admin` when it has none; with an explicit
    /// password, `admin` has that password.
    public func ensure(in store: any CRMStore, logger: Logger) async throws {
        let managers = try await store.managers()
        let named = managers.first { $0.login.lowercased() == Self.login }
        if let explicitPassword, let named, named.isAdmin,
            let current = try await store.credentials(login: named.login),
            await !PasswordHasher.verify(explicitPassword, hash: current.passwordHash)
        {
            // Only a different password is a change: one that ends the admin's sessions.
            _ = try await store.updateManager(id: named.id, with: ManagerPatch(), passwordHash: await PasswordHasher.hash(explicitPassword))
        }
        guard !managers.contains(where: { $0.isAdmin && $0.active }) else { return }
        // A data set may use `admin` for someone else: the account MiniCRM adds then takes another login.
        let login = named == nil && !managers.contains { $0.id == Self.login } ? Self.login : "minicrm-admin"
        let admin = Manager(id: login, name: "Administrator", login: login, role: .admin, pbxAccount: nil, active: true)
        _ = try await store.createManager(admin, passwordHash: await PasswordHasher.hash(explicitPassword ?? Self.defaultPassword))
        logger.notice("Added an administrator: the data has none", metadata: ["login": "\(login)"])
    }
}
