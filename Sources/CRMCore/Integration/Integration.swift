import Foundation
import PBXProtocol
import Synchronization

/// The CRM's side of the PBX → CRM commands, once the endpoint has accepted the token: who is
/// calling, the event applied, the call filed. It answers with domain results, never HTTP or bytes,
/// and pushes what changed to the call hub once the store has committed it.
public final class Integration: Sendable {
    public let store: any CRMStore
    public let hub: CallHub
    public let defaultCountry: CountryCode
    /// The hub, or the database that feeds every instance's hub.
    let feed: any LiveFeed
    private let current: Mutex<IntegrationSettings>
    /// `--crm-token`, in force whatever is stored.
    private let overridingToken: String?

    private init(store: any CRMStore, hub: CallHub, defaultCountry: CountryCode, settings: IntegrationSettings, overridingToken: String?) {
        self.store = store
        self.hub = hub
        self.defaultCountry = defaultCountry
        feed = store.liveFeed ?? hub
        current = Mutex(settings)
        self.overridingToken = overridingToken
    }

    /// With the stored settings. Without a stored `crm_token` one is generated and stored, so the URL
    /// and token given to a PBX stay valid across restarts; `overridingToken` (`--crm-token`) wins for
    /// this run without being stored.
    public static func load(store: any CRMStore, hub: CallHub, defaultCountry: CountryCode, overridingToken: String? = nil)
        async throws -> Integration
    {
        let token = overridingToken.flatMap { $0.isEmpty ? nil : $0 }
        var settings = try await IntegrationSettings.load(from: store)
        if let token { settings.crmToken = token }
        return Integration(store: store, hub: hub, defaultCountry: defaultCountry, settings: settings, overridingToken: token)
    }

    /// Reads the settings again: another instance sharing the database changed them.
    public func reloadSettings() async throws {
        var settings = try await IntegrationSettings.load(from: store)
        if let overridingToken { settings.crmToken = overridingToken }
        current.withLock { $0 = settings }
    }

    // MARK: Settings

    /// How this CRM and its PBX are connected, as of now.
    public var settings: IntegrationSettings { current.withLock { $0 } }

    /// Stores the changed settings, then makes them current. The token is stored only when the change
    /// replaced it, so a `--crm-token` override never ends up in the database.
    public func updateSettings(_ change: (inout IntegrationSettings) -> Void) async throws {
        let previous = settings
        var next = previous
        change(&next)
        try await store.updateSettings(next.storedChanges(from: previous))
        current.withLock { $0 = next }
    }

    /// Whether `candidate` is the `crm_token`, compared in constant time.
    public func acceptsToken(_ candidate: String?) -> Bool {
        guard let candidate else { return false }
        let expected = current.withLock { $0.crmToken }
        return !expected.isEmpty && ConstantTime.equals(candidate, expected: expected)
    }

    private var selfMap: Bool { current.withLock { $0.selfMap } }

    // MARK: Commands

    /// `users`: the active managers, for the PBX's mapping table.
    public func users() async throws -> UsersResponse {
        UsersResponse(users: try await store.managers().filter(\.active).map { .init(id: $0.id, name: $0.name) })
    }

    /// `contact`, the hot path: the caller from the store's memory, the responsible manager too.
    public func lookUp(_ request: ContactRequest) async throws -> ContactResponse {
        guard let match = try await store.lookupContact(phone: request.phone) else { return ContactResponse() }
        return ContactResponse(contactName: match.name, responsible: match.responsible.flatMap(routingName))
    }

    /// `responsible` as the PBX routes by it: the manager id, or their PBX account with `self_map`.
    /// Managers who left, or have no PBX account under `self_map`, are left out so the PBX uses its dial plan.
    private func routingName(_ id: ManagerID) -> String? {
        guard let manager = store.manager(withID: id), manager.active else { return nil }
        return selfMap ? manager.pbxAccount : manager.id
    }

    /// `event`: the legs it changed (none for a repeat or a late event).
    @discardableResult
    public func record(_ request: EventRequest, at now: Date) async throws -> [CallLeg] {
        let manager = store.manager(forPBXUser: request.user, selfMap: selfMap)
        let contact = try await store.lookupContact(phone: request.phone)
        let legs = try await store.recordEvent(ReceivedEvent(request: request, manager: manager?.id, contact: contact?.contactID, receivedAt: now))
        for leg in legs { await publish(leg) }
        return legs
    }

    /// `history`: the call filed, new or updated.
    @discardableResult
    public func record(_ request: HistoryRequest, at now: Date) async throws -> FiledCall {
        let manager = store.manager(forPBXUser: request.user, selfMap: selfMap)
        let contact = try await store.lookupContact(phone: request.phone)
        let filed = try await store.recordHistory(
            ReceivedHistory(request: request, manager: manager?.id, contact: contact?.contactID, receivedAt: now)
        )
        for leg in filed.changedLegs { await publish(leg) }
        await feed.send(.history(filed.call), for: filed.call.manager)
        return filed
    }

    /// `rating`, before or after the history it rates.
    public func record(_ request: RatingRequest, at now: Date) async throws {
        try await store.recordRating(request, receivedAt: now)
    }

    func publish(_ leg: CallLeg) async {
        await feed.send(.call(CallLegUpdate(leg: leg, contact: await summary(of: leg.contact))), for: leg.manager)
    }

    /// The caller as a pop-up shows them; a lookup failure only costs the pop-up its details.
    public func summary(of contactID: Int64?) async -> ContactSummary? {
        guard let contactID, let contact = try? await store.contact(id: contactID) else { return nil }
        return ContactSummary(
            id: contact.id, name: contact.name, company: contact.company, responsible: contact.responsible,
            responsibleName: contact.responsible.flatMap { store.manager(withID: $0)?.name }
        )
    }
}
