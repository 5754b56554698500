import CRMCore
import GRDB

extension SQLiteStore {
    /// A write transaction whose constraint violations come back as the domain's `StoreError`.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            let result = try await writer.write(updates)
            writeHealth.succeeded()
            return result
        } catch let error as DatabaseError {
            throw storeError(error)
        }
    }

    /// A write of the PBX's ingest (`event`, `history`, `rating`): it shares its transaction with the
    /// writes that arrive while the previous one commits, and returns once that transaction committed.
    func groupWrite<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            let result = try await groupCommit.write(updates)
            writeHealth.succeeded()
            return result
        } catch let error as DatabaseError {
            throw storeError(error)
        }
    }

    private func storeError(_ error: DatabaseError) -> any Error {
        if let outage = WriteHealth.outage(error) {
            writeHealth.failed(outage, error)
            return StoreError.unavailable("The database cannot be written: \(outage)")
        }
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return StoreError.conflict(Self.describeConflict(error))
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return StoreError.invalidReference("no such manager")
        default:
            return error
        }
    }

    private static func describeConflict(_ error: DatabaseError) -> String {
        let message = error.message ?? ""
        if message.contains("login") { return "login is taken" }
        if message.contains("pbx_account") { return "PBX account is mapped to another manager" }
        if message.contains("manager.id") { return "manager id is taken" }
        return "already exists"
    }
}
