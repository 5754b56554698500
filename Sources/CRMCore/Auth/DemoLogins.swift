import Synchronization

/// The demo logins the sign-in page may show, and only while they are true: accounts seeded from
/// the demo data that still have the password it gave them. Never any other password.
///
/// An account counts as seeded while its password hash is the one the data set last loaded gave it
/// (see `DataSets`): a password changed since, `--admin-password`, or an `admin` MiniCRM added
/// itself each take it off the page. A check costs two indexed reads; the data set is read and
/// bcrypt runs only for a hash not seen before.
public final class DemoLogins: Sendable {
    public struct Login: Codable, Sendable, Equatable {
        public var login: String
        public var password: String
    }

    private let candidates: [Login]
    private let store: any CRMStore
    /// (login, current hash) → whether it is the seeded one and the demo password opens it.
    private let checked = Mutex<[String: Bool]>([:])

    /// `logins` are the demo accounts to offer, with their passwords from `demo` (the demo seed).
    public init(logins: [String], demo: SeedData?, store: any CRMStore) {
        candidates = logins.compactMap { login in
            demo?.managers.first { $0.login == login }?.password.map { Login(login: login, password: $0) }
        }
        self.store = store
    }

    public func current() async throws -> [Login] {
        var shown: [Login] = []
        for candidate in candidates {
            guard let account = try await store.credentials(login: candidate.login), account.manager.active else { continue }
            let key = candidate.login + "\u{0}" + account.passwordHash
            let known = checked.withLock { $0[key] }
            let isTrue: Bool
            if let known {
                isTrue = known
            } else {
                let seeded = try await store.savedDataSet()?.managers.first { $0.login == candidate.login }?.passwordHash
                isTrue =
                    seeded == account.passwordHash
                    ? await PasswordHasher.verify(candidate.password, hash: account.passwordHash) : false
                checked.withLock { $0[key] = isTrue }
            }
            if isTrue { shown.append(candidate) }
        }
        return shown
    }
}
