import Foundation
import Logging
import PBXProtocol

/// The data sets an admin loads, the one `reset` returns to, and the administrator every one of them
/// has.
///
/// The data set to reset to is the last one loaded — by `POST /api/admin/load`, or by seeding an
/// empty database from `--seed` (the demo data by default) — and is kept in the database, with
/// password hashes instead of passwords, so it survives a restart. A database seeded before it was
/// kept resets to the seed file; with `--no-seed` and nothing loaded, to no data at all.
public struct DataSets: Sendable {
    public let store: any CRMStore
    public let administrator: AdminAccount
    public let defaultCountry: CountryCode
    /// `--seed`, or the demo data; nil with `--no-seed`.
    public let seedPath: String?
    let logger: Logger

    public init(store: any CRMStore, administrator: AdminAccount, defaultCountry: CountryCode, seedPath: String?, logger: Logger) {
        self.store = store
        self.administrator = administrator
        self.defaultCountry = defaultCountry
        self.seedPath = seedPath
        self.logger = logger
    }

    /// At start-up: the seed into an empty database, then the administrator.
    public func prepare() async throws {
        if let seedPath, try await store.isEmpty() {
            let seed = try SeedData.load(from: URL(fileURLWithPath: seedPath))
            try seed.validate(defaultCountry: defaultCountry)
            let batch = await seed.importBatch(defaultCountry: defaultCountry)
            try await store.importData(batch, replacing: false)
            try await store.saveDataSet(seed.keepingHashes(of: batch))
            logger.info(
                "Loaded seed data",
                metadata: ["path": "\(seedPath)", "managers": "\(seed.managers.count)", "contacts": "\(seed.contacts.count)"]
            )
        }
        try await administrator.ensure(in: store, logger: logger)
    }

    /// What `reset` returns to.
    public func current() async throws -> SeedData {
        if let saved = try await store.savedDataSet() { return saved }
        return try seedPath.map { try SeedData.load(from: URL(fileURLWithPath: $0)) } ?? SeedData(managers: [], contacts: [])
    }

    /// Everything but the settings replaced by `seed`, which becomes the data set to reset to. A data
    /// set without admins keeps the current ones, so nobody is locked out.
    public func replace(with seed: SeedData) async throws {
        try await replace(with: seed, keepingPasswords: false)
    }

    private func replace(with seed: SeedData, keepingPasswords: Bool) async throws {
        try seed.validate(defaultCountry: defaultCountry)
        var batch = await seed.importBatch(defaultCountry: defaultCountry)
        let kept = seed.keepingHashes(of: batch)
        if keepingPasswords { batch.managers = try await keepingCurrentPasswords(batch.managers) }
        if !batch.managers.contains(where: { $0.manager.isAdmin }) {
            let loaded = Set(batch.managers.map(\.manager.id))
            for manager in try await store.managers() where manager.isAdmin && !loaded.contains(manager.id) {
                if let credentials = try await store.credentials(login: manager.login) {
                    batch.managers.append((manager: manager, passwordHash: credentials.passwordHash))
                }
            }
        }
        try await store.importData(batch, replacing: true)
        try await store.saveDataSet(kept)
        try await administrator.ensure(in: store, logger: logger)
    }

    /// `seed` added to what is there; the data set to reset to grows by it.
    public func append(_ seed: SeedData) async throws {
        try seed.validate(defaultCountry: defaultCountry)
        let base = try await current()
        let batch = await seed.importBatch(defaultCountry: defaultCountry)
        try await store.importData(batch, replacing: false)
        try await store.saveDataSet(base.appending(seed.keepingHashes(of: batch)))
    }

    /// Back to the data set last loaded — but a manager who is still there keeps the password they
    /// have now: a reset never brings back `admin/admin` after the admin changed it.
    public func reset() async throws {
        try await replace(with: try await current(), keepingPasswords: true)
    }

    private func keepingCurrentPasswords(_ managers: [(manager: Manager, passwordHash: String)]) async throws
        -> [(manager: Manager, passwordHash: String)]
    {
        let logins = Dictionary(try await store.managers().map { ($0.id, $0.login) }, uniquingKeysWith: { first, _ in first })
        var result: [(manager: Manager, passwordHash: String)] = []
        for (manager, hash) in managers {
            let current = try await logins[manager.id].asyncFlatMap { try await store.credentials(login: $0) }
            result.append((manager, current?.manager.id == manager.id ? current!.passwordHash : hash))
        }
        return result
    }
}

extension Optional {
    fileprivate func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
