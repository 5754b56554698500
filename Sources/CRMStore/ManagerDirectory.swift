import CRMCore
import Synchronization

/// All managers in memory, for resolving the PBX's `user` on every event and history without a query.
///
/// Without `self_map`, `user` is a manager id from the PBX's mapping table. With it, `user` is a PBX
/// account name, and live systems send it as `login@tenant`: `ivanov@acme.example` resolves to the
/// manager whose PBX account is `ivanov` or `ivanov@acme.example`, case-insensitively.
final class ManagerDirectory: Sendable {
    private struct Index {
        var byID: [ManagerID: Manager] = [:]
        var byAccount: [String: Manager] = [:]
        var byAccountLogin: [String: Manager] = [:]
    }

    private let index = Mutex(Index())

    init(_ managers: [Manager] = []) {
        replace(with: managers)
    }

    func replace(with managers: [Manager]) {
        var fresh = Index()
        for manager in managers {
            fresh.byID[manager.id] = manager
            if let account = manager.pbxAccount?.lowercased(), !account.isEmpty {
                fresh.byAccount[account] = manager
                fresh.byAccountLogin[Self.accountLogin(account)] = fresh.byAccountLogin[Self.accountLogin(account)] ?? manager
            }
        }
        index.withLock { $0 = fresh }
    }

    func manager(id: ManagerID) -> Manager? {
        index.withLock { $0.byID[id] }
    }

    func resolve(user: String, selfMap: Bool) -> Manager? {
        index.withLock { index in
            guard selfMap else { return index.byID[user] }
            let account = user.lowercased()
            return index.byAccount[account] ?? index.byAccountLogin[Self.accountLogin(account)]
        }
    }

    /// `ivanov@acme.example` → `ivanov`.
    static func accountLogin(_ account: String) -> String {
        account.split(separator: "@", maxSplits: 1).first.map(String.init) ?? account
    }
}
