import Foundation
import Hummingbird
import PBXProtocol
import Synchronization

/// Faults on `/crm_integration`, switched on and off at run time by a PBX team's test: an added
/// delay, a forced status and body, or a dropped connection — per `cmd`, or `*` for every command.
final class FaultInjector: Sendable {
    struct Fault: Codable, Sendable, Equatable {
        /// Wait this long before answering (or dropping).
        var delayMs: Int?
        /// Answer with this status instead of handling the request.
        var status: Int?
        /// The body to send with `status`; default `{"error":"Injected fault"}`.
        var body: String?
        /// Close the connection without any answer.
        var drop: Bool?
        /// Apply to this many requests, then switch off; nil for until removed.
        var remaining: Int?

        enum CodingKeys: String, CodingKey {
            case status, body, drop, remaining
            case delayMs = "delay_ms"
        }

        var summary: String {
            [
                delayMs.map { "delay \($0)ms" }, status.map { "status \($0)" }, drop == true ? "drop" : nil,
            ].compactMap { $0 }.joined(separator: ", ")
        }
    }

    private let faults = Mutex<[String: Fault]>([:])

    var all: [String: Fault] { faults.withLock { $0 } }

    func set(_ fault: Fault, for command: String) {
        faults.withLock { $0[command] = fault }
    }

    func clear(_ command: String? = nil) {
        faults.withLock { faults in
            if let command { faults[command] = nil } else { faults.removeAll() }
        }
    }

    /// The fault to apply to one request of `command`, counting it against `remaining`.
    func take(for command: String?) -> Fault? {
        faults.withLock { faults in
            guard !faults.isEmpty else { return nil }
            let key = command.flatMap { faults[$0] != nil ? $0 : nil } ?? (faults["*"] != nil ? "*" : nil)
            guard let key, var fault = faults[key] else { return nil }
            if let remaining = fault.remaining {
                fault.remaining = remaining - 1
                faults[key] = remaining > 1 ? fault : nil
            }
            return fault
        }
    }
}

extension FaultInjector {
    /// Applies a fault a test switched on to one request: it is journaled but not handled — unless
    /// the fault is a delay alone, and `answer` then handles it, late.
    func inject(
        _ fault: Fault, parameters: PBXParameters, _ exchange: IntegrationJournal.Exchange, journal: IntegrationJournal,
        context: AppRequestContext, otherwise answer: () async -> Response
    ) async throws -> Response {
        if let delay = fault.delayMs, delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
        if fault.drop == true {
            journal.record(parameters, status: 0, error: "injected fault: \(fault.summary)", exchange)
            context.channel.close(promise: nil)
            throw DroppedConnection()
        }
        guard let status = fault.status else { return await answer() }
        let body = Array((fault.body ?? #"{"error":"Injected fault"}"#).utf8)
        journal.record(parameters, status: status, error: "injected fault: \(fault.summary)", answer: body, exchange)
        return .json(bytes: body, status: .init(code: status))
    }
}

/// Thrown after a fault closed the connection: there is no one left to answer.
struct DroppedConnection: Error {}
