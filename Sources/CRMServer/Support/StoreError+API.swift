import CRMCore
import Hummingbird

/// Store refusals as API errors: a taken value is a conflict, a dangling reference or a data set that
/// cannot be loaded a bad request.
func mapStoreErrors<T>(_ work: () async throws -> T) async throws -> T {
    do {
        return try await work()
    } catch let error as StoreError {
        switch error {
        case .conflict(let message): throw APIError(.conflict, message.capitalizedFirst)
        case .invalidReference(let message): throw APIError(.badRequest, message.capitalizedFirst)
        }
    } catch let error as InvalidDataSet {
        throw APIError(error)
    }
}
