import Foundation
import Hummingbird
import PBXProtocol

/// `crm_api.wcgp`: the token first, then the command.
extension FakePBX {
    func command(_ request: Request) async -> Response {
        guard let received = await parameters(of: request) else { return Self.bodyTooLarge() }
        let parameters: PBXParameters
        switch received {
        case .success(let decoded):
            parameters = decoded
        case .failure(let error):
            // The token still comes first: an unreadable body is a 401 unless the query carried the token.
            let query = FormURLEncoding.decode(request.uri.query ?? "")
            let accepted = await state.connection(acceptingToken: query[PBXAPI.tokenParameter]) != nil
            return .protocolError(accepted ? error : .invalidToken)
        }
        guard let connection = await state.connection(acceptingToken: parameters[PBXAPI.tokenParameter]) else {
            logger.info("crm_api refused", metadata: ["cmd": "\(parameters["cmd"] ?? "")", "reason": "missing or wrong token"])
            if parameters["cmd"] == "makeCall" { await recordMakeCall(parameters, status: 401, error: ProtocolError.invalidToken.reason) }
            return .protocolError(.invalidToken)
        }
        let command: PBXCommand
        do {
            command = try PBXCommand(parameters: parameters)
        } catch {
            logger.info("crm_api refused", metadata: ["cmd": "\(parameters["cmd"] ?? "")", "reason": "\(error.reason)"])
            if parameters["cmd"] == "makeCall" { await recordMakeCall(parameters, status: 400, error: error.reason) }
            return .protocolError(error)
        }
        switch command {
        case .accounts: return .protocolJSON(configuration.accounts)
        case .groups: return .protocolJSON(configuration.groups)
        case .makeCall(let call): return await place(call, parameters: parameters, connection: connection)
        case .history(let request): return await answer(history: request)
        case .subscribeOnCalls(let request): return await answer(request)
        case .subscriptionStatus(let request): return await answer(request)
        case .setDND(let request): return await answer(request)
        case .getDND(let request): return await answer(request)
        }
    }

    /// Answers at once with a `callid`; the call itself plays out afterwards, as on a real PBX.
    private func place(_ call: MakeCallRequest, parameters: PBXParameters, connection: FakePBXState.Connection) async -> Response {
        if !call.isDialable {
            return await refuse(parameters, reason: "phone must be digits only, like 79101234567")
        }
        if connection.selfMap, !configuration.accounts.contains(where: { $0.name == call.user }) {
            return await refuse(parameters, reason: "user is not an account of this PBX")
        }
        let callid = UUID().uuidString.lowercased()
        await recordMakeCall(parameters, status: 200, callid: callid)
        await state.startPlayback(callid: callid, phone: call.phone, user: call.user, crmURL: connection.url)
        calls.yield(
            PlacedCall(
                callid: callid, phone: call.phone, user: call.user, account: configuration.accounts.first { $0.name == call.user },
                clid: call.clid, crmURL: connection.url, crmToken: connection.crmToken, start: Date()
            )
        )
        logger.info("makeCall placed", metadata: ["callid": "\(callid)", "user": "\(call.user)", "phone": "\(call.phone)"])
        return .protocolJSON(MakeCallResponse(callid: callid))
    }

    private func refuse(_ parameters: PBXParameters, reason: String) async -> Response {
        logger.info("makeCall refused", metadata: ["reason": "\(reason)", "phone": "\(parameters["phone"] ?? "")"])
        await recordMakeCall(parameters, status: 400, error: reason)
        return .protocolError(.invalidParameters(reason))
    }

    private func recordMakeCall(_ parameters: PBXParameters, status: Int, callid: String? = nil, error: String? = nil) async {
        await state.record(
            FakePBXSnapshot.MakeCall(
                time: FakePBXSnapshot.now(), phone: parameters["phone"], user: parameters["user"], clid: parameters["clid"], status: status,
                callid: callid, error: error
            )
        )
    }
}
