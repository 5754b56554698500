import CRMCore
import CRMServer
import CRMStore
import Foundation
import HummingbirdBcrypt
import Logging

/// The demo seed, imported once per test run into a template database that each seeded test
/// server starts from as a copy.
///
/// Importing the seed hashes its passwords with bcrypt at the production cost, which takes a good
/// fraction of a second on a small machine; done for every one of a hundred test servers, and once
/// more for every login against those hashes, that alone would make the suite slow and its timing
/// fragile. The template is made by the store's real import from `SeedData/demo.json`, only with the
/// passwords hashed at bcrypt's lowest cost. `SeedLoadingTests` covers seeding as `minicrm serve` does it.
public actor SeedTemplate {
    public static let shared = SeedTemplate()

    /// Made once; callers that arrive while it is being made wait for the same one.
    private var making: Task<String, any Error>?

    /// One template per test process, removed when the process exits.
    private static let file = FileManager.default.temporaryDirectory
        .appendingPathComponent("minicrm-seed-template-\(ProcessInfo.processInfo.processIdentifier).sqlite").path

    /// Hashes cheap to make and to check; still real bcrypt hashes.
    public static func quickHash(_ password: String) -> String {
        Bcrypt.hash(password, cost: 4)
    }

    func copy(to destination: String) async throws {
        let template = try await templatePath()
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: template + suffix) {
            try FileManager.default.copyItem(atPath: template + suffix, toPath: destination + suffix)
        }
    }

    private func templatePath() async throws -> String {
        if let making { return try await making.value }
        let task = Task { try await Self.make() }
        making = task
        return try await task.value
    }

    private static func make() async throws -> String {
        let made = Self.file
        TestServer.removeDatabase(at: made)
        atexit { TestServer.removeDatabase(at: SeedTemplate.file) }
        guard let seedPath = ResourceLocator.defaultSeedPath else { throw TestFailure("SeedData/demo.json not found") }
        let seed = try SeedData.load(from: URL(fileURLWithPath: seedPath))
        var batch = await seed.importBatch(defaultCountry: .russia)
        batch.managers = zip(batch.managers, seed.managers).map { imported, seeded in
            (imported.manager, Self.quickHash(seeded.password ?? ""))
        }
        try await Self.importOnce(batch, into: made)
        return made
    }

    /// Imports into a store that is closed again before the file is copied.
    private static func importOnce(_ batch: ImportBatch, into path: String) async throws {
        let store = try SQLiteStore(path: path, logger: Logger(label: "seed-template"))
        try await store.importData(batch, replacing: false)
    }
}

/// A failed precondition of a test, with what went wrong.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
