import Foundation
import MiniCRMTesting
import Hummingbird
import Logging
import NIOCore
import PBXProtocol
import Synchronization

/// A tiny CRM endpoint that speaks the protocol correctly, except for the faults it is told to
/// have: what the conformance checker must catch and name.
///
/// `POST /crm` is the integration URL; `GET /calls?callid=` answers `{"total":N}` with the
/// history rows stored for a callid, for the idempotency check.
struct FaultyCRM: Sendable {
    enum Fault: Hashable, Sendable {
        /// Any `crm_token`, or none, is accepted.
        case acceptsAnyToken
        /// An unknown caller gets `[]` instead of `{}`.
        case arrayForUnknownCaller
        /// Every `history` adds a row, repeats included.
        case duplicatesHistory
        /// `contact` answers only after this long.
        case slowContact(Duration)
        // What a CRM written to the spec's examples alone refuses (`strict`):
        /// A parameter the spec does not list → 400.
        case rejectsUndocumentedParameters
        /// A `user` that is not one of `users` → 400.
        case rejectsUnknownUsers
        /// A `status` not spelled exactly as the spec's examples → 400.
        case exactStatusSpelling
        /// A `phone` that is not 11 digits starting with 7 → 400.
        case requiresRussianPhones
        /// A `callid` over 24 characters → 400.
        case shortCallids
    }

    /// A CRM that takes only what the spec's examples show.
    static let strict: Set<Fault> = [
        .rejectsUndocumentedParameters, .rejectsUnknownUsers, .exactStatusSpelling, .requiresRussianPhones, .shortCallids,
    ]

    /// Every parameter the spec and its later versions document.
    static let documented: Set<String> = [
        "cmd", "crm_token", "phone", "callid", "diversion", "type", "user", "ext", "telnum", "groupRealName", "direction",
        "second_callid", "duration", "link", "start", "status", "rating",
    ]

    static let token = "faulty-crm-token"
    static let knownPhone = PhoneNumber("79161234567")
    static let knownName = "Смирнов Алексей Петрович"
    static let users = ["ivanov", "smirnova", "petrova"]

    let baseURL: String
    private let server: LoopbackServer

    var integrationURL: String { baseURL + "/crm" }
    var inspectURL: String { baseURL + "/calls?callid={callid}" }

    static func start(_ faults: Set<Fault> = []) async throws -> FaultyCRM {
        let history = HistoryRows(duplicating: faults.contains(.duplicatesHistory))
        let router = Router()
        router.post("crm") { request, _ -> Response in
            await answer(request, faults: faults, history: history)
        }
        router.get("calls") { request, _ -> Response in
            let callid = request.uri.queryParameters["callid"].map(String.init) ?? ""
            return json(200, Array(#"{"total":\#(history.count(callid: callid))}"#.utf8))
        }
        var logger = Logger(label: "faulty-crm")
        logger.logLevel = .warning
        let server = try await LoopbackServer.start(router: router, logger: logger)
        return FaultyCRM(baseURL: "http://127.0.0.1:\(server.port)", server: server)
    }

    func stop() async {
        await server.stop()
    }

    private static func answer(_ request: Request, faults: Set<Fault>, history: HistoryRows) async -> Response {
        let parameters: PBXParameters
        do {
            let body = try await request.body.collect(upTo: 64 * 1024)
            parameters = try RequestBodyDecoding.parameters(
                query: request.uri.query, contentType: request.headers[.contentType], body: Array(body.readableBytesView)
            )
        } catch is ProtocolError {
            return failure(.invalidParameters("unreadable body"))
        } catch {
            return json(413, Array(#"{"error":"Request body too large"}"#.utf8))
        }
        if !faults.contains(.acceptsAnyToken), parameters[CRMRequest.tokenParameter] != token {
            return failure(.invalidToken)
        }
        if let refusal = strictRefusal(parameters, faults: faults) { return failure(.invalidParameters(refusal)) }
        let command: CRMRequest
        do {
            command = try CRMRequest(parameters: parameters)
        } catch {
            return failure(error)
        }
        switch command {
        case .users:
            return json(200, ProtocolJSON.encode(UsersResponse(users: users.map { .init(id: $0, name: $0.capitalized) })))
        case .contact(let contact):
            for case .slowContact(let delay) in faults { try? await Task.sleep(for: delay) }
            if contact.phone == knownPhone {
                return json(200, ProtocolJSON.encode(ContactResponse(contactName: knownName, responsible: "ivanov")))
            }
            return json(200, Array((faults.contains(.arrayForUnknownCaller) ? "[]" : "{}").utf8))
        case .history(let request):
            history.record(callid: request.callid, user: request.user)
            return json(200, Array("{}".utf8))
        case .event, .rating:
            return json(200, Array("{}".utf8))
        }
    }

    /// Why a strict CRM refuses the request, if it does.
    private static func strictRefusal(_ parameters: PBXParameters, faults: Set<Fault>) -> String? {
        if faults.contains(.rejectsUndocumentedParameters), let unknown = parameters.first(where: { !documented.contains($0.name) }) {
            return "unknown parameter \(unknown.name)"
        }
        if faults.contains(.rejectsUnknownUsers), let user = parameters["user"], !users.contains(user) { return "unknown user \(user)" }
        let spellings: Set = ["Success", "missed", "Cancel", "Busy", "NotAvailable", "NotAllowed", "NotFound"]
        if faults.contains(.exactStatusSpelling), let status = parameters["status"], !spellings.contains(status) { return "status \(status)" }
        if faults.contains(.requiresRussianPhones), let phone = parameters["phone"],
            phone.count != 11 || !phone.hasPrefix("7") || !phone.allSatisfy(\.isNumber)
        {
            return "phone \(phone)"
        }
        if faults.contains(.shortCallids), let callid = parameters["callid"], callid.count > 24 { return "callid \(callid)" }
        return nil
    }

    private static func failure(_ error: ProtocolError) -> Response {
        json(error.status, ProtocolJSON.encode(error.body))
    }

    private static func json(_ status: Int, _ body: [UInt8]) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: ProtocolJSON.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}

/// The stored history rows: one per (callid, user), or one per request when duplicating.
final class HistoryRows: Sendable {
    private let rows = Mutex<[String: [String]]>([:])
    private let duplicating: Bool

    init(duplicating: Bool) {
        self.duplicating = duplicating
    }

    func record(callid: String, user: String) {
        rows.withLock { rows in
            if duplicating || !(rows[callid] ?? []).contains(user) { rows[callid, default: []].append(user) }
        }
    }

    func count(callid: String) -> Int {
        rows.withLock { $0[callid]?.count ?? 0 }
    }
}

/// Runs `body` against a fresh faulty CRM and always stops it.
func withFaultyCRM<T: Sendable>(_ faults: Set<FaultyCRM.Fault> = [], _ body: (FaultyCRM) async throws -> T) async throws -> T {
    let crm = try await FaultyCRM.start(faults)
    do {
        let result = try await body(crm)
        await crm.stop()
        return result
    } catch {
        await crm.stop()
        throw error
    }
}
