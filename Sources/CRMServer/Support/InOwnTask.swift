import Foundation

/// Runs `work` in a task of its own. A task keeps the deepest its async stack ever went for as long
/// as it lives, and a connection's task lives as long as the connection: for an event stream, hours.
/// A database read goes deep; done in its own task, its frames are freed when it ends, and each open
/// tab costs a few kilobytes instead of twenty.
func inOwnTask<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await work() }.value
}
