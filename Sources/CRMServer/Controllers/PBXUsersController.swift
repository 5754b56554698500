import CRMCore
import Foundation
import Hummingbird
import PBXClient
import PBXProtocol

/// What the PBX keeps per user, through its later commands: do-not-disturb (`get_dnd`/`set_dnd`),
/// ring groups and who takes their calls (`groups`, `subscriptionStatus`), and the numbers a call
/// may show as its caller id (`accounts`).
struct PBXUsersController {
    let crm: MiniCRM

    /// A manager's own do-not-disturb (admins: anyone's), and the caller ids to choose from.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("managers/{id}/dnd", use: doNotDisturb)
        group.put("managers/{id}/dnd", use: setDoNotDisturb)
        group.get("pbx/numbers", use: numbers)
    }

    func addAdminRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("pbx/groups", use: groups)
        group.get("pbx/subscriptions", use: subscriptions)
    }

    struct DoNotDisturb: ResponseEncodable {
        var manager: ManagerID
        var user: String
        var state: PBXSwitch
    }

    struct DoNotDisturbInput: Decodable {
        var state: PBXSwitch
    }

    struct Number: Encodable {
        var number: String
        /// The account it belongs to, as the PBX names it.
        var name: String
        /// The logged-in manager's own number: the default choice.
        var own: Bool
    }

    struct Subscription: Encodable {
        var manager: ManagerID
        var user: String
        /// `{"group","status"}` for each group the user belongs to.
        var groups: [GroupStatus]
    }

    struct GroupStatus: Encodable {
        var group: String
        var status: PBXSwitch
    }

    @Sendable func doNotDisturb(_ request: Request, context: AppRequestContext) async throws -> DoNotDisturb {
        let (manager, user) = try target(context)
        let (client, token) = try crm.connector.connectedClient(crm.integration.settings)
        let state = try await PBXFailure.map { () async throws(PBXClientError) in
            try await client.getDND(GetDNDRequest(user: user), token: token)
        }
        return DoNotDisturb(manager: manager.id, user: user, state: state)
    }

    @Sendable func setDoNotDisturb(_ request: Request, context: AppRequestContext) async throws -> DoNotDisturb {
        let (manager, user) = try target(context)
        let input = try await request.decode(as: DoNotDisturbInput.self, context: context)
        let (client, token) = try crm.connector.connectedClient(crm.integration.settings)
        try await PBXFailure.map { () async throws(PBXClientError) in
            try await client.setDND(SetDNDRequest(user: user, state: input.state), token: token)
        }
        context.logger.info("Do-not-disturb set", metadata: ["manager": "\(manager.id)", "state": "\(input.state)"])
        return DoNotDisturb(manager: manager.id, user: user, state: input.state)
    }

    /// The manager of the path and the PBX user they are: one's own, or anyone's for an admin.
    private func target(_ context: AppRequestContext) throws -> (Manager, String) {
        let me = try context.requireManager()
        let id = context.parameters.get("id") ?? ""
        guard id == me.id || me.isAdmin else { throw APIError(.forbidden, "Admins only") }
        guard let manager = crm.store.manager(withID: id) else { throw APIError(.notFound, "No such manager") }
        return (manager, try crm.pbxUser(of: manager))
    }

    /// The PBX's numbers (its accounts' `telnum`s), the logged-in manager's own first.
    @Sendable func numbers(_ request: Request, context: AppRequestContext) async throws -> ItemList<Number> {
        let me = try context.requireManager()
        let (client, token) = try crm.connector.connectedClient(crm.integration.settings)
        let accounts = try await PBXFailure.map { () async throws(PBXClientError) in try await client.accounts(token: token) }
        var seen = Set<String>()
        let numbers = accounts.compactMap { account -> Number? in
            guard let telnum = account.telnum?.trimmingWhitespace.nonEmpty, seen.insert(telnum).inserted else { return nil }
            return Number(number: telnum, name: account.realName, own: AccountMatching.isMapped(account: account.name, to: me))
        }
        return ItemList(items: numbers.filter(\.own) + numbers.filter { !$0.own })
    }

    @Sendable func groups(_ request: Request, context: AppRequestContext) async throws -> ItemList<PBXGroup> {
        let (client, token) = try crm.connector.connectedClient(crm.integration.settings)
        return ItemList(items: try await PBXFailure.map { () async throws(PBXClientError) in try await client.groups(token: token) })
    }

    /// Every active manager's membership of each group, as `subscriptionStatus` answers it; a group
    /// the PBX says the user is not in is left out.
    @Sendable func subscriptions(_ request: Request, context: AppRequestContext) async throws -> ItemList<Subscription> {
        let (client, token) = try crm.connector.connectedClient(crm.integration.settings)
        let groups = try await PBXFailure.map { () async throws(PBXClientError) in try await client.groups(token: token) }
        let managers = try await crm.store.managers().filter(\.active).compactMap { manager in
            (try? crm.pbxUser(of: manager)).map { (manager, $0) }
        }
        var items: [Subscription] = []
        for (manager, user) in managers {
            var statuses: [GroupStatus] = []
            for group in groups {
                do {
                    let request = SubscriptionStatusRequest(user: user, groupID: group.name)
                    let status = try await client.subscriptionStatus(request, token: token)
                    statuses.append(GroupStatus(group: group.name, status: status))
                } catch .invalidParameters {
                    continue
                } catch {
                    throw PBXFailure.apiError(error)
                }
            }
            items.append(Subscription(manager: manager.id, user: user, groups: statuses))
        }
        return ItemList(items: items)
    }
}
