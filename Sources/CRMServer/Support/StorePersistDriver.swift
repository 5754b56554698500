import CRMCore
import Foundation
import Hummingbird

/// Hummingbird's key-value persistence on the CRM's store, so login sessions survive a restart.
struct StorePersistDriver: PersistDriver {
    let store: any ExpiringValueStore

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        guard try await store.setValue(try encode(value), forKey: key, expires: expiry(expires), onlyIfAbsent: true) else {
            throw PersistError.duplicate
        }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        // Without a new expiry the old one stays, as Hummingbird's own drivers do.
        let keptExpiry = expires == nil ? try await store.value(forKey: key)?.expires : nil
        _ = try await store.setValue(try encode(value), forKey: key, expires: expiry(expires) ?? keptExpiry, onlyIfAbsent: false)
    }

    func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        guard let (bytes, expires) = try await store.value(forKey: key) else { return nil }
        guard let object = try? JSONDecoder().decode(Object.self, from: Data(bytes)) else { throw PersistError.invalidConversion }
        return (object, expires.map { .seconds(max(0, $0.timeIntervalSinceNow)) })
    }

    func remove(key: String) async throws {
        try await store.removeValue(forKey: key)
    }

    private func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try JSONEncoder().encode(value))
    }

    private func expiry(_ duration: Duration?) -> Date? {
        duration.map { Date().addingTimeInterval(Double($0.components.seconds)) }
    }
}
