import Dispatch
import HummingbirdBcrypt

/// bcrypt, off the cooperative thread pool: a hash takes tens of milliseconds by design.
public enum PasswordHasher {
    public static let cost: UInt8 = 10

    public static func hash(_ password: String) async -> String {
        await offload { Bcrypt.hash(password, cost: cost) }
    }

    public static func verify(_ password: String, hash: String) async -> Bool {
        await offload { Bcrypt.verify(password, hash: hash) }
    }

    private static func offload<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
