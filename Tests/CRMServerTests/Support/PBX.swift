import Foundation
import MiniCRMTesting
import PBXProtocol
import Testing

/// How a PBX puts its parameters on the wire: the three body encodings seen in the wild, or the query string.
enum Wire: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case form, multipart, json, query

    var testDescription: String { rawValue }
}

extension APIClient {
    /// Posts one PBX → CRM request to `/crm_integration`.
    func pbx(_ parameters: PBXParameters, as wire: Wire = .form) async throws -> Reply {
        switch wire {
        case .query:
            return try await request(.POST, "/crm_integration?" + FormURLEncoding.encode(parameters))
        case .form, .multipart, .json:
            let encoding: BodyEncoding = wire == .form ? .form : wire == .multipart ? .multipart : .json
            let (contentType, body) = encoding.encode(parameters)
            return try await request(.POST, "/crm_integration", body: body, contentType: contentType)
        }
    }

    /// A client logged in as the seed's admin.
    static func admin(_ server: TestServer) async throws -> APIClient {
        try await loggedIn(server, "admin", "admin")
    }

    static func loggedIn(_ server: TestServer, _ login: String, _ password: String = "demo") async throws -> APIClient {
        let client = APIClient(baseURL: server.baseURL)
        let reply = try await client.login(login, password)
        guard reply.status == 200 else { throw TestFailure("login \(login) failed: \(reply.status) \(reply.text)") }
        return client
    }

    /// `GET /api/calls?callid=…` as the items.
    func calls(callid: String) async throws -> [[String: Any]] {
        try await get("/api/calls?callid=\(callid.urlQueryEscaped)").items
    }
}

extension APIClient.Reply {
    /// `items` of a list answer.
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
}

extension String {
    var urlQueryEscaped: String { FormURLEncoding.encode(["": self]).dropFirst().description }
}


/// The seed's managers the tests play with.
enum Seed {
    static let admin = "admin"
    static let ivanov = "ivanov"
    static let smirnova = "smirnova"
    static let petrova = "petrova"
    static let kozlov = "kozlov"
    static let volkova = "volkova"
    /// "Смирнов Алексей Петрович", responsible ivanov.
    static let smirnovPhone = "79161234567"
    static let smirnovName = "Смирнов Алексей Петрович"
}
