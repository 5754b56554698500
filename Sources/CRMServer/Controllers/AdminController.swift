import CRMCore
import Foundation
import Hummingbird

/// `/api/admin/…` (admins): the server's status, and — with `--test-controls` only — the controls a
/// PBX team's end-to-end test drives: load its own managers and contacts, back to them between
/// tests, and faults on `/crm_integration`.
struct AdminController {
    let crm: MiniCRM
    let faults: FaultInjector

    func addStatusRoute(to group: RouterGroup<AppRequestContext>) {
        group.get("admin/status", use: serverStatus)
    }

    func addTestControls(to group: RouterGroup<AppRequestContext>) {
        group.post("admin/reset", use: reset)
        group.post("admin/load", use: load)
        group.get("admin/faults", use: listFaults)
        group.put("admin/faults/{cmd}", use: setFault)
        group.delete("admin/faults/{cmd}", use: clearFault)
        group.delete("admin/faults", use: clearFaults)
    }

    struct Status: ResponseEncodable {
        var status = "ok"
        var managers: Int
        var contacts: Int
        var calls: Int
    }

    /// The faults in force, by `cmd`.
    struct Faults: ResponseEncodable {
        var byCommand: [String: FaultInjector.Fault]
        init(_ byCommand: [String: FaultInjector.Fault]) { self.byCommand = byCommand }
        func encode(to encoder: any Encoder) throws { try byCommand.encode(to: encoder) }
    }

    struct ServerStatus: ResponseEncodable {
        var phoneDirectoryReady: Bool
        var openStreams: Int

        enum CodingKeys: String, CodingKey {
            case phoneDirectoryReady = "phone_directory_ready"
            case openStreams = "open_streams"
        }
    }

    /// Whether the in-memory phone index has finished loading, and how many event streams are open.
    @Sendable func serverStatus(_ request: Request, context: AppRequestContext) async throws -> ServerStatus {
        return ServerStatus(phoneDirectoryReady: crm.store.isPhoneIndexReady, openStreams: crm.hub.subscriberCount)
    }

    /// Everything back to the data set last loaded (calls, events and the journal too); the integration settings stay.
    @Sendable func reset(_ request: Request, context: AppRequestContext) async throws -> Status {
        faults.clear()
        await crm.journal.flush()
        try await crm.dataSets.reset()
        context.logger.notice("Data reset")
        return try await status()
    }

    /// Loads a JSON file in the seed format (`managers`, `contacts`, optional `calls`): it replaces the
    /// data, and becomes what `reset` returns to; `?mode=append` adds it to both. A data set without
    /// admins keeps the current ones, so nobody is locked out.
    @Sendable func load(_ request: Request, context: AppRequestContext) async throws -> Status {
        let seed = try await request.decode(as: SeedData.self, context: context)
        let mode = request.query["mode"] ?? "replace"
        guard ["replace", "append"].contains(mode) else { throw APIError(.badRequest, "mode must be replace or append") }
        if mode == "append" { try await crm.dataSets.append(seed) } else { try await crm.dataSets.replace(with: seed) }
        context.logger.notice(
            "Data loaded", metadata: ["mode": "\(mode)", "managers": "\(seed.managers.count)", "contacts": "\(seed.contacts.count)"]
        )
        return try await status()
    }

    private func status() async throws -> Status {
        let contacts = try await crm.store.contacts(matching: "", limit: 1, offset: 0).total
        let calls = try await crm.store.calls(CallFilter(limit: 1)).total
        return Status(managers: try await crm.store.managers().count, contacts: contacts, calls: calls)
    }

    @Sendable func listFaults(_ request: Request, context: AppRequestContext) async throws -> Faults {
        Faults(faults.all)
    }

    /// `PUT /api/admin/faults/contact` `{"delay_ms":1500}`, `{"status":500,"body":"oops"}`, `{"drop":true,"remaining":1}`;
    /// `*` applies to every command without a fault of its own.
    @Sendable func setFault(_ request: Request, context: AppRequestContext) async throws -> Faults {
        let command = context.parameters.get("cmd") ?? "*"
        let fault = try await request.decode(as: FaultInjector.Fault.self, context: context)
        if let status = fault.status, !(100...599).contains(status) { throw APIError(.badRequest, "status must be 100...599") }
        if let delay = fault.delayMs, !(0...600_000).contains(delay) { throw APIError(.badRequest, "delay_ms must be 0...600000") }
        guard fault.delayMs != nil || fault.status != nil || fault.drop == true else {
            throw APIError(.badRequest, "Give delay_ms, status or drop")
        }
        faults.set(fault, for: command)
        context.logger.notice("Fault injected", metadata: ["cmd": "\(command)", "fault": "\(fault.summary)"])
        return Faults(faults.all)
    }

    @Sendable func clearFault(_ request: Request, context: AppRequestContext) async throws -> Faults {
        faults.clear(context.parameters.get("cmd") ?? "*")
        return Faults(faults.all)
    }

    @Sendable func clearFaults(_ request: Request, context: AppRequestContext) async throws -> Faults {
        faults.clear()
        return Faults(faults.all)
    }
}
