import Foundation
import PBXProtocol

/// Which manager a PBX account belongs to, and which one it probably should: the settings page
/// pre-selects the suggestion, an admin confirms it.
public enum AccountMatching {
    /// `ivanov`, `IVANOV` and `ivanov@acme.example` are the same account.
    public static func isMapped(account: String, to manager: Manager) -> Bool {
        guard let mapped = manager.pbxAccount else { return false }
        return login(of: mapped) == login(of: account)
    }

    /// An unmapped manager whose name is the account's real name (in any word order), or whose
    /// login or id is the account name; nil unless exactly one fits.
    public static func suggestion(for account: PBXAccount, among managers: [Manager]) -> Manager? {
        let candidates = managers.filter { $0.pbxAccount == nil && $0.active }
        let realName = words(account.realName)
        let byName = candidates.filter { !realName.isEmpty && words($0.name) == realName }
        if byName.count == 1 { return byName[0] }
        let accountLogin = login(of: account.name)
        let byLogin = candidates.filter { $0.login.lowercased() == accountLogin || $0.id.lowercased() == accountLogin }
        return byLogin.count == 1 ? byLogin[0] : nil
    }

    static func login(of account: String) -> String {
        String(account.lowercased().split(separator: "@", maxSplits: 1).first ?? "")
    }

    static func words(_ name: String) -> Set<String> {
        Set(name.lowercased().replacingOccurrences(of: "ё", with: "е").split(whereSeparator: { !$0.isLetter }).map(String.init))
    }
}
