import CRMCore
import Foundation
import MiniCRMTesting

extension APIClient {
    /// On a server without seed data: makes an admin `root` and the managers `ivanov` and `petrova`
    /// directly in the store (there is nobody yet to make them over the API), and logs in as root.
    static func freshAdmin(_ server: TestServer) async throws -> APIClient {
        let hash = SeedTemplate.quickHash("secret")
        for manager in [
            Manager(id: "root", name: "Root", login: "root", role: .admin, pbxAccount: nil, active: true),
            Manager(id: "ivanov", name: "Иван Иванов", login: "ivanov", role: .manager, pbxAccount: "ivanov", active: true),
            Manager(id: "petrova", name: "Мария Петрова", login: "petrova", role: .manager, pbxAccount: "petrova", active: true),
        ] {
            _ = try await server.crm.store.createManager(manager, passwordHash: hash)
        }
        return try await loggedIn(server, "root", "secret")
    }
}
