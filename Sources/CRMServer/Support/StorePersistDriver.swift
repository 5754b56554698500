import CRMCore
import Foundation
import Hummingbird

/// Hummingbird's key-value persistence on the CRM's store, so login sessions survive a restart.
struct StorePersistDriver: PersistDriver {
    let store: any SessionStore

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let (store, bytes, expiry) = (self.store, try encode(value), expiry(expires))
        guard try await inOwnTask({ try await store.setValue(bytes, forKey: key, expires: expiry, onlyIfAbsent: true) }) else {
            throw PersistError.duplicate
        }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        // Without a new expiry the old one stays, as Hummingbird's own drivers do.
        let (store, bytes, expiry) = (self.store, try encode(value), expiry(expires))
        _ = try await inOwnTask {
            let keptExpiry = expires == nil ? try await store.value(forKey: key)?.expires : nil
            return try await store.setValue(bytes, forKey: key, expires: expiry ?? keptExpiry, onlyIfAbsent: false)
        }
    }

    func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let store = self.store
        guard let (bytes, expires) = try await inOwnTask({ try await store.value(forKey: key) }) else { return nil }
        guard let object = try? JSONDecoder().decode(Object.self, from: Data(bytes)) else { throw PersistError.invalidConversion }
        return (object, expires.map { .seconds(max(0, $0.timeIntervalSinceNow)) })
    }

    func remove(key: String) async throws {
        let store = self.store
        try await inOwnTask { try await store.removeValue(forKey: key) }
    }

    private func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }

    private func expiry(_ duration: Duration?) -> Date? {
        duration.map { Date().addingTimeInterval(Double($0.components.seconds)) }
    }
}

/// Runs `work` in a task of its own. A task keeps the deepest its async stack ever went for as long
/// as it lives, and a connection's task lives as long as the connection: for an event stream, hours.
/// A database read goes deep; done in its own task, its frames are freed when it ends, and each open
/// tab costs a few kilobytes instead of twenty.
func inOwnTask<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await work() }.value
}
