import Foundation
import PBXProtocol

/// How a check judges one exchange: the rules every check shares.
enum Expect {
    /// 200 with a body that parses as JSON.
    static func okJSON(_ exchange: CRMEndpointClient.Exchange, _ label: String) -> CheckResult {
        guard exchange.status == 200 else { return .fail("\(label): \(describe(exchange))") }
        guard JSONBody(exchange.body) != nil else { return .fail("\(label): 200 but not JSON: \(excerpt(exchange.bodyText))") }
        return .pass(label)
    }

    /// `status` with exactly `{"error": message}`, compared as parsed JSON.
    static func error(_ exchange: CRMEndpointClient.Exchange, status: Int, message: String, _ label: String) -> CheckResult {
        guard exchange.status == status else { return .fail("\(label): \(describe(exchange)), expected \(status)") }
        guard case .object(let object)? = JSONBody(exchange.body), object.count == 1, object["error"] as? String == message else {
            return .fail("\(label): body \(excerpt(exchange.bodyText)), expected {\"error\":\"\(message)\"}")
        }
        return .pass(label)
    }

    /// `application/json; charset=utf-8`; a missing charset is a warning, anything but JSON a failure.
    static func contentType(_ header: String?, _ label: String) -> CheckResult {
        guard let header, !header.isEmpty else { return .fail("\(label): no Content-Type") }
        let parts = header.split(separator: ";").map { $0.trimmingWhitespace.lowercased() }
        guard parts.first == "application/json" else { return .fail("\(label): Content-Type \(header)") }
        let charset = parts.dropFirst().first { $0.hasPrefix("charset=") }.map {
            $0.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        switch charset {
        case nil: return .warn("\(label): no charset in \(header)")
        case "utf-8"?, "utf8"?: return .pass(label)
        case let other?: return .fail("\(label): charset \(other)")
        }
    }

    /// `401 {"error":"Invalid token"}`.
    static func invalidToken(_ exchange: CRMEndpointClient.Exchange, _ label: String) -> CheckResult {
        error(exchange, status: 401, message: ErrorResponse.invalidToken, label)
    }

    /// `400 {"error":"Invalid parameters"}`.
    static func invalidParameters(_ exchange: CRMEndpointClient.Exchange, _ label: String) -> CheckResult {
        error(exchange, status: 400, message: ErrorResponse.invalidParameters, label)
    }

    /// `200 {"error":…}`, `404 <html>`: short enough for a table cell.
    static func describe(_ exchange: CRMEndpointClient.Exchange) -> String {
        exchange.body.isEmpty ? "\(exchange.status), empty body" : "\(exchange.status) \(excerpt(exchange.bodyText))"
    }

    static func excerpt(_ text: String) -> String {
        TextTable.clip(text, to: 48)
    }
}

/// A response body as parsed JSON, told apart by kind, because `{}`, `[]` and `null` are different answers to a PBX.
enum JSONBody {
    case object([String: Any])
    case array([Any])
    case null
    case scalar(Any)

    init?(_ bytes: [UInt8]) {
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else { return nil }
        switch value {
        case let object as [String: Any]: self = .object(object)
        case let array as [Any]: self = .array(array)
        case is NSNull: self = .null
        default: self = .scalar(value)
        }
    }

    var kind: String {
        switch self {
        case .object(let object): object.isEmpty ? "{}" : "an object with " + object.keys.sorted().joined(separator: ", ")
        case .array: "an array"
        case .null: "null"
        case .scalar: "a bare value"
        }
    }
}

/// A labelled request a check sends; the label names it in the check's reason.
typealias Probe = (label: String, parameters: PBXParameters)

extension ConformanceCheck {
    /// Requests sent in order, every one of which must be answered 200 JSON.
    static func allAccepted(
        id: String, title: String, passing: String, _ probes: @escaping @Sendable (ConformanceContext) -> [Probe]
    ) -> ConformanceCheck {
        ConformanceCheck(id: id, title: title) { context in
            var findings = Findings()
            await context.check(probes(context), into: &findings, judge: Expect.okJSON)
            return findings.result(passing: passing)
        }
    }
}

extension ConformanceContext {
    /// Sends the probes in order and judges every answer.
    func check(
        _ probes: [Probe], via encoding: WireEncoding = .form, raw: Bool = false, into findings: inout Findings,
        judge: (CRMEndpointClient.Exchange, String) -> CheckResult
    ) async {
        for (label, parameters) in probes {
            guard let exchange = await probe(parameters, via: encoding, raw: raw, label, into: &findings) else { continue }
            findings.add(judge(exchange, label))
        }
    }

    /// Sends one probe; a request that gets no answer becomes a failure of the check instead of ending it.
    func probe(
        _ parameters: PBXParameters, via encoding: WireEncoding = .form, raw: Bool = false, _ label: String, into findings: inout Findings
    ) async -> CRMEndpointClient.Exchange? {
        do {
            return raw ? try await send(raw: parameters, via: encoding) : try await send(parameters, via: encoding)
        } catch {
            findings.fail("\(label): no answer (\(error))")
            return nil
        }
    }
}
