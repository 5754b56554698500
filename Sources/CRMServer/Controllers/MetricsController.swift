import CRMCore
import Hummingbird
import NIOCore

/// `GET /metrics` (admins; Prometheus scrapes with `basic_auth`): the Prometheus text format.
struct MetricsController {
    let crm: MiniCRM

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("metrics", use: metrics)
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = crm.metrics.exposition(openStreams: crm.hub.subscriberCount, directoryIsReady: crm.store.isPhoneIndexReady)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: text))
        )
    }
}
