import Foundation

/// Logins that survive a restart, and the failed attempts that throttle them.
public protocol SessionStore: Sendable {
    /// Stores a fresh session, and ends `replacing` (the session the browser presented at login) in
    /// the same transaction.
    func startSession(_ session: LoginSession, replacing: SessionKey?) async throws
    func session(_ key: SessionKey) async throws -> LoginSession?
    /// Records that the session was used at `time` (idle expiry counts from it).
    func touchSession(_ key: SessionKey, at time: Date) async throws
    func endSession(_ key: SessionKey) async throws
    /// Ends every session of `manager` but `keeping`; returns how many ended.
    @discardableResult
    func endSessions(of manager: ManagerID, keeping: SessionKey?) async throws -> Int

    /// The throttle states of these names (`LoginThrottle.key`), where any failures are remembered.
    func loginThrottle(_ names: [String]) async throws -> [String: LoginThrottle.State]
    /// Counts one failure against each name under its rule and returns the new states.
    func recordLoginFailure(_ names: [(name: String, rule: LoginThrottle)], at time: Date) async throws -> [String: LoginThrottle.State]
    /// A successful login forgets the failures of its name.
    func forgetLoginFailures(_ name: String) async throws
}
