import Foundation
import Hummingbird

/// `GET /openapi.json`: the OpenAPI 3.1 document of the JSON API, the event stream and
/// `/crm_integration`, kept in the repository as `Public/openapi.json` and served with or without the UI.
struct OpenAPIController {
    static let path = "/openapi.json"
    static let documentPath = "Public/openapi.json"

    /// Read once: the document is part of the build, like the UI.
    let document: [UInt8]? = ResourceLocator.find(Self.documentPath).flatMap { FileManager.default.contents(atPath: $0) }.map(Array.init)

    func addRoutes(to router: Router<AppRequestContext>) {
        let document = self.document
        router.get(RouterPath(Self.path)) { _, _ -> Response in
            guard let document else { throw APIError(.notFound, "Not found") }
            return .json(bytes: document)
        }
    }
}
