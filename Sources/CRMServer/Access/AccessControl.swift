import CRMCore
import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdBcrypt

/// Who may come in, and for how long: password checks (throttled, the same answer and timing
/// whether a login exists or not), cookie sessions (a fresh one at every login, idle and absolute
/// expiry), and the one mechanism that ends a manager's sessions and open streams together.
struct AccessControl: Sendable {
    static let cookieName = "minicrm_session"

    let store: any CRMStore
    let policy: SessionPolicy
    let streams: OpenStreams
    /// `Secure` cookies: MiniCRM is reached over https (`--public-url https://…`).
    let secureCookies: Bool
    var perLogin = LoginThrottle.perLogin
    var perClient = LoginThrottle.perClient

    // MARK: Passwords

    /// The manager whose login and password these are, or a 401 — or a 429 while the login or the
    /// client address is paused after too many failures (`LoginThrottle`).
    func verify(login: String, password: String, client: String?, refusal: String = "Wrong login or password") async throws -> Manager {
        let now = Date()
        let loginName = LoginThrottle.key(login: login)
        let names = [loginName] + (client.map { [LoginThrottle.key(client: $0)] } ?? [])
        let states = try await store.loginThrottle(names)
        if let blocked = states.values.map(\.blockedUntil).max(), blocked > now {
            throw Self.tooManyFailures(until: blocked, now: now)
        }
        let found = try await store.credentials(login: login)
        // Unknown logins are checked against a hash of the same cost, so timing tells nothing.
        let verified = await PasswordHasher.verify(password, hash: found?.passwordHash ?? Self.dummyHash)
        guard let found, verified, found.manager.active else {
            var failing: [(name: String, rule: LoginThrottle)] = [(loginName, perLogin)]
            if let client { failing.append((LoginThrottle.key(client: client), perClient)) }
            _ = try await store.recordLoginFailure(failing, at: now)
            throw RequireLogin.refusal(login: login, found: found != nil, otherwise: refusal)
        }
        if states[loginName] != nil { try await store.forgetLoginFailures(loginName) }
        return found.manager
    }

    static func tooManyFailures(until blocked: Date, now: Date) -> APIError {
        let seconds = max(1, Int(blocked.timeIntervalSince(now).rounded(.up)))
        return APIError(.tooManyRequests, "Too many failed logins: try again in \(seconds) s", retryAfter: seconds)
    }

    /// bcrypt of a random password nobody knows, at the cost real hashes have.
    static let dummyHash = Bcrypt.hash(SecretToken.generate(), cost: PasswordHasher.cost)

    // MARK: Sessions

    /// The live session the request's cookie names, with its manager; nil for none, an unknown or
    /// expired one, or an inactive manager. Touches the session now and then (idle expiry), never
    /// failing the request for it: reads go on while the disk is full.
    func session(of request: Request) async -> (LoginSession, Manager)? {
        guard let value = request.cookies[Self.cookieName]?.value, !value.isEmpty else { return nil }
        let store = self.store
        guard let session = try? await inOwnTask({ try await store.session(SessionKey(value)) }) else { return nil }
        let now = Date()
        guard policy.isLive(session, at: now) else {
            try? await store.endSession(session.key)
            return nil
        }
        guard let manager = store.manager(withID: session.manager), manager.active else { return nil }
        if policy.needsTouch(session, at: now) { try? await store.touchSession(session.key, at: now) }
        return (session, manager)
    }

    /// A fresh session for `manager`; the one the browser presented (if any) ends with its streams.
    func startSession(for manager: Manager, replacing previous: SessionKey?) async throws -> LoginSession {
        let now = Date()
        let session = LoginSession(key: .generate(), manager: manager.id, createdAt: now, lastSeenAt: now)
        try await store.startSession(session, replacing: previous)
        if let previous { streams.end(session: previous, .signedOut) }
        return session
    }

    func endSession(_ key: SessionKey) async throws {
        try await store.endSession(key)
        streams.end(session: key, .signedOut)
    }

    /// After an edit of a manager: if it ended their sessions, their open streams end too.
    func applied(_ update: ManagerUpdate, keeping: SessionKey? = nil) {
        guard update.endedSessions else { return }
        streams.end(manager: update.manager.id, keeping: keeping, .signedOut)
    }

    /// When a session ends unless used again; nil once it has.
    static func expiry(of key: SessionKey, store: any CRMStore, policy: SessionPolicy) async -> Date? {
        guard let session = try? await store.session(key), let manager = store.manager(withID: session.manager), manager.active
        else { return nil }
        return policy.expiry(of: session)
    }

    // MARK: Cookies

    func cookie(for session: LoginSession) -> Cookie {
        Cookie(
            name: Self.cookieName, value: session.key.value, maxAge: Int(policy.absolute), path: "/", secure: secureCookies,
            httpOnly: true, sameSite: .lax
        )
    }

    var clearingCookie: Cookie {
        Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }
}
