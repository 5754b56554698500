import Foundation
import Logging
import PBXProtocol

/// The CRM's side of every PBX → CRM command, once the endpoint has accepted the token: `users`, `contact`, `event`,
/// `history` and `rating` against the store, with live changes pushed to the call hub once committed.
public final class IntegrationService: Sendable {
    /// What to answer, and what to journal about it.
    public struct Outcome: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var command: CRMRequest.Command?
        /// Why a request was refused: for the journal and the logs, never for the PBX.
        public var error: String?

        public init(status: Int, body: [UInt8], command: CRMRequest.Command?, error: String?) {
            self.status = status
            self.body = body
            self.command = command
            self.error = error
        }

        /// The protocol's answer to a request it refuses.
        public init(failure: ProtocolError, command: CRMRequest.Command?) {
            self.init(status: failure.status, body: failure.bodyJSON, command: command, error: failure.reason)
        }
    }

    public let store: any CRMStore
    public let configuration: IntegrationConfiguration
    public let hub: CallHub
    public let defaultCountry: CountryCode
    private let logger: Logger

    public init(store: any CRMStore, configuration: IntegrationConfiguration, hub: CallHub, defaultCountry: CountryCode, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.hub = hub
        self.defaultCountry = defaultCountry
        self.logger = logger
    }

    /// Answers a request whose token the caller has accepted.
    public func handle(_ parameters: PBXParameters, now: Date = Date()) async -> Outcome {
        let request: CRMRequest
        do {
            request = try CRMRequest(parameters: parameters, defaultCountry: defaultCountry)
        } catch {
            return Outcome(failure: error, command: parameters["cmd"].flatMap(CRMRequest.Command.init(wire:)))
        }
        do {
            let body: [UInt8]
            switch request {
            case .users: body = ProtocolJSON.encode(try await users())
            case .contact(let contact): body = try await lookUp(contact).json
            case .event(let event): try await record(event, at: now); body = Self.empty
            case .history(let history): try await record(history, at: now); body = Self.empty
            case .rating(let rating): _ = try await store.recordRating(rating, receivedAt: now); body = Self.empty
            }
            return Outcome(status: 200, body: body, command: request.command, error: nil)
        } catch {
            logger.error("Integration command failed", metadata: ["cmd": "\(request.command.rawValue)", "error": "\(error)"])
            return Outcome(status: 500, body: ErrorResponse(error: "Internal error").json, command: request.command, error: "\(error)")
        }
    }

    public func users() async throws -> UsersResponse {
        let managers = try await store.managers().filter(\.active)
        return UsersResponse(users: managers.map { .init(id: $0.id, name: $0.name) })
    }

    /// The hot path: one in-memory lookup, plus the responsible manager from memory.
    public func lookUp(_ request: ContactRequest) async throws -> ContactResponse {
        guard let match = try await store.lookupContact(phone: request.phone) else { return .unknown }
        return ContactResponse(contactName: match.name, responsible: match.responsible.flatMap(responsibleName))
    }

    /// `responsible` as the PBX routes by it: the manager id, or their PBX account with `self_map`.
    /// Managers who left, or have no PBX account under `self_map`, are left out so the PBX uses its dial plan.
    private func responsibleName(_ id: ManagerID) -> String? {
        guard let manager = store.managerDirectory.manager(id: id), manager.active else { return nil }
        return configuration.selfMap ? manager.pbxAccount : manager.id
    }

    public func record(_ request: EventRequest, at now: Date) async throws {
        let manager = store.managerDirectory.resolve(user: request.user, selfMap: configuration.selfMap)
        let contact = try await store.lookupContact(phone: request.phone)
        let event = ReceivedEvent(request: request, manager: manager?.id, contact: contact?.contactID, receivedAt: now)
        for leg in try await store.recordEvent(event) { await publish(leg) }
    }

    public func record(_ request: HistoryRequest, at now: Date) async throws {
        let manager = store.managerDirectory.resolve(user: request.user, selfMap: configuration.selfMap)
        let contact = try await store.lookupContact(phone: request.phone)
        let history = ReceivedHistory(request: request, manager: manager?.id, contact: contact?.contactID, receivedAt: now)
        let (call, changedLegs) = try await store.recordHistory(history)
        for leg in changedLegs { await publish(leg) }
        hub.publish(.history(call), for: call.manager)
    }

    private func publish(_ leg: CallLeg) async {
        let contact = await summary(of: leg.contact)
        hub.publish(.call(CallLegUpdate(leg: leg, contact: contact)), for: leg.manager)
    }

    /// The caller as a pop-up shows them; a lookup failure only costs the pop-up its details.
    public func summary(of contactID: Int64?) async -> ContactSummary? {
        guard let contactID, let contact = try? await store.contact(id: contactID) else { return nil }
        let responsible = contact.responsible.flatMap { store.managerDirectory.manager(id: $0) }
        return ContactSummary(
            id: contact.id, name: contact.name, company: contact.company, responsible: contact.responsible,
            responsibleName: responsible?.name
        )
    }

    private static let empty = Array("{}".utf8)
}
