import Foundation
import MiniCRMTesting
import Testing

/// `Public/openapi.json` against the router: every route documented, nothing documented that is not a route.
@Suite struct OpenAPITests {
    static let documentURL = MiniCRMExecutable.repositoryRoot.appendingPathComponent("Public/openapi.json")
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// `GET /api/contacts/{id}` for every operation of the document.
    static func documentedRoutes(_ document: [String: Any]) -> Set<String> {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        return Set(paths.flatMap { path, item in item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
    }

    @Test func theDocumentListsExactlyTheRoutesTheRouterHas() async throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.documentURL)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let documented = Self.documentedRoutes(document)
        try await withServer { server in
            let routes = Set(server.crm.routes)
            #expect(routes.count > 30)
            let missing = routes.subtracting(documented).sorted()
            let extra = documented.subtracting(routes).sorted()
            let undocumented = "Routes the router has that Public/openapi.json does not document (add them under \"paths\"): "
            let unrouted = "Operations Public/openapi.json documents that are no route (remove them, or add the route): "
            #expect(missing.isEmpty, "\(undocumented)\(missing.joined(separator: ", "))")
            #expect(extra.isEmpty, "\(unrouted)\(extra.joined(separator: ", "))")
        }
    }

    @Test func theDocumentIsServedWithOrWithoutTheUI() async throws {
        let kept = try Data(contentsOf: Self.documentURL)
        for ui in [true, false] {
            try await withServer(configure: { if !ui { $0.publicDirectory = nil } }) { server in
                let reply = try await APIClient(baseURL: server.baseURL).get("/openapi.json")
                #expect(reply.status == 200)
                #expect(reply.contentType?.hasPrefix("application/json") == true)
                #expect(Data(reply.body) == kept)
            }
        }
    }
}
