import Foundation
import Hummingbird
import MiniCRMTesting
import NIOHTTP1
import Testing

@testable import CRMServer

/// Who may use each route. EVERY route the router registers needs an entry here: the test below
/// walks the router's own list, so a route added without one fails it (and so does an entry whose
/// route is gone). Add new routes to `AuthorizationMatrix.routes`, keeping it sorted by path.
enum Audience: Sendable {
    /// Anyone: no session needed.
    case anyone
    /// The PBX, with `crm_token` (a request without it is 401 whatever the session).
    case token
    /// Any logged-in manager (admins too).
    case manager
    /// Admins only: a manager gets 403.
    case admin
}

enum AuthorizationMatrix {
    struct Route: Sendable {
        var method: String
        var path: String
        var audience: Audience
        /// A concrete path for the pattern (`{id}` → an existing id); default: each `{…}` is `1`.
        var sample: String? = nil

        var concretePath: String {
            sample ?? path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "1", options: .regularExpression)
        }
    }

    static let routes: [Route] = [
        Route(method: "GET", path: "/api/admin/faults", audience: .admin),
        Route(method: "DELETE", path: "/api/admin/faults", audience: .admin),
        Route(method: "PUT", path: "/api/admin/faults/{cmd}", audience: .admin, sample: "/api/admin/faults/contact"),
        Route(method: "DELETE", path: "/api/admin/faults/{cmd}", audience: .admin, sample: "/api/admin/faults/contact"),
        Route(method: "POST", path: "/api/admin/load", audience: .admin),
        Route(method: "POST", path: "/api/admin/reset", audience: .admin),
        Route(method: "GET", path: "/api/admin/status", audience: .admin),
        Route(method: "GET", path: "/api/calls", audience: .manager),
        Route(method: "POST", path: "/api/calls/dial", audience: .manager),
        Route(method: "GET", path: "/api/contacts", audience: .manager),
        Route(method: "POST", path: "/api/contacts", audience: .manager),
        Route(method: "GET", path: "/api/contacts/{id}", audience: .manager),
        Route(method: "PATCH", path: "/api/contacts/{id}", audience: .manager),
        Route(method: "DELETE", path: "/api/contacts/{id}", audience: .manager),
        Route(method: "GET", path: "/api/demo-logins", audience: .anyone),
        Route(method: "GET", path: "/api/events", audience: .admin),
        Route(method: "GET", path: "/api/journal", audience: .admin),
        Route(method: "GET", path: "/api/journal/export", audience: .admin),
        Route(method: "POST", path: "/api/login", audience: .anyone),
        Route(method: "POST", path: "/api/logout", audience: .anyone),
        Route(method: "GET", path: "/api/managers", audience: .manager),
        Route(method: "POST", path: "/api/managers", audience: .admin),
        // A manager may edit their own name (the sample is the manager's own id); others' need an admin.
        Route(method: "PATCH", path: "/api/managers/{id}", audience: .manager, sample: "/api/managers/ivanov"),
        // Do-not-disturb likewise: one's own, or anyone's for an admin.
        Route(method: "GET", path: "/api/managers/{id}/dnd", audience: .manager, sample: "/api/managers/ivanov/dnd"),
        Route(method: "PUT", path: "/api/managers/{id}/dnd", audience: .manager, sample: "/api/managers/ivanov/dnd"),
        Route(method: "GET", path: "/api/me", audience: .manager),
        Route(method: "POST", path: "/api/me/password", audience: .manager),
        Route(method: "GET", path: "/api/pbx", audience: .admin),
        Route(method: "DELETE", path: "/api/pbx", audience: .admin),
        Route(method: "GET", path: "/api/pbx/accounts", audience: .admin),
        Route(method: "GET", path: "/api/pbx/callback", audience: .admin),
        Route(method: "POST", path: "/api/pbx/connect", audience: .admin),
        Route(method: "GET", path: "/api/pbx/groups", audience: .admin),
        Route(method: "GET", path: "/api/pbx/history/sync", audience: .admin),
        Route(method: "POST", path: "/api/pbx/history/sync", audience: .admin),
        Route(method: "GET", path: "/api/pbx/numbers", audience: .manager),
        Route(method: "GET", path: "/api/pbx/subscriptions", audience: .admin),
        Route(method: "GET", path: "/api/stream", audience: .manager),
        Route(method: "POST", path: "/crm_integration", audience: .token),
        // Every other method is a 405 for anyone, as PBX-side suites expect.
        Route(method: "GET", path: "/crm_integration", audience: .anyone),
        Route(method: "PUT", path: "/crm_integration", audience: .anyone),
        Route(method: "DELETE", path: "/crm_integration", audience: .anyone),
        Route(method: "PATCH", path: "/crm_integration", audience: .anyone),
        Route(method: "HEAD", path: "/crm_integration", audience: .anyone),
        Route(method: "GET", path: "/health", audience: .anyone),
        Route(method: "GET", path: "/metrics", audience: .admin),
        Route(method: "GET", path: "/openapi.json", audience: .anyone),
    ]
}

@Suite struct AuthorizationMatrixTests {
    @Test func everyRegisteredRouteHasAnEntry() async throws {
        try await withServer(seed: true) { server throws in
            let registered = Set(buildRouter(server.crm, logger: .init(label: "matrix")).routes.map { "\($0.method) \($0.path)" })
            let listed = Set(AuthorizationMatrix.routes.map { "\($0.method) \($0.path)" })
            #expect(registered.subtracting(listed).sorted() == [], "routes without an entry in AuthorizationMatrix.routes")
            #expect(listed.subtracting(registered).sorted() == [], "entries for routes that no longer exist")
        }
    }

    /// Every route as anonymous, as the manager ivanov and as the admin: anonymous gets 401 on
    /// everything but the public routes, a manager 403 on the admin routes, and neither role is
    /// refused where it is allowed.
    @Test func everyRouteAnswersEachRoleAsItsEntrySays() async throws {
        try await withServer(seed: true) { server throws in
            var failures: [String] = []
            for role in ["anonymous", "ivanov", "admin"] {
                var client = try await Self.client(server, role)
                for route in AuthorizationMatrix.routes {
                    let status = try await Self.status(of: route, client)
                    if let problem = Self.problem(route, role: role, status: status) { failures.append(problem) }
                    // Logging out ends the session the walk goes on with.
                    if route.path == "/api/logout" { client = try await Self.client(server, role) }
                }
            }
            #expect(failures == [])
        }
    }

    static func client(_ server: TestServer, _ role: String) async throws -> APIClient {
        switch role {
        case "anonymous": APIClient(baseURL: server.baseURL)
        case "admin": try await APIClient.admin(server)
        default: try await APIClient.loggedIn(server, role)
        }
    }

    static func status(of route: AuthorizationMatrix.Route, _ client: APIClient) async throws -> Int {
        if route.path == "/api/stream" {
            let stream = try await EventStreamClient.connect(client.baseURL + route.concretePath, cookie: client.cookie)
            await stream.close()
            return stream.status
        }
        let method = HTTPMethod(rawValue: route.method)
        let body: [UInt8]? = method == .GET || method == .DELETE ? nil : Array("{}".utf8)
        return try await client.request(method, route.concretePath, body: body, contentType: body == nil ? nil : "application/json").status
    }

    static func problem(_ route: AuthorizationMatrix.Route, role: String, status: Int) -> String? {
        let name = "\(role) \(route.method) \(route.concretePath) → \(status)"
        switch (route.audience, role) {
        case (.token, _), (.manager, "anonymous"), (.admin, "anonymous"):
            return status == 401 ? nil : name + ", expected 401"
        case (.admin, "ivanov"):
            return status == 403 ? nil : name + ", expected 403"
        default:
            return status == 401 || status == 403 || status >= 500 ? name + ", expected to be let in" : nil
        }
    }
}
