import Foundation
import Logging
import PBXProtocol
import ServiceLifecycle

/// A call `makeCall` placed, waiting to be played back to the CRM that asked for it.
struct PlacedCall: Sendable {
    let callid: String
    let phone: String
    let user: String
    /// The PBX account behind `user`, when there is one: its ext and telnum go with the events.
    let account: PBXAccount?
    /// The number the callee sees, when `makeCall` chose one; else the account's own.
    let clid: String?
    let crmURL: String
    let crmToken: String
    let start: Date
}

/// Plays each placed call back to the CRM as a PBX reports an answered outgoing call:
/// `event` OUTGOING, after the ring delay ACCEPTED, after the talk time COMPLETED, then `history`
/// with the recording's link. Calls play concurrently; a shutdown cuts the ones still going short.
struct CallPlayer: Service {
    let pbx: FakePBX
    let calls: AsyncStream<PlacedCall>

    func run() async {
        await withDiscardingTaskGroup { group in
            for await call in calls.cancelOnGracefulShutdown() {
                group.addTask {
                    await cancelWhenGracefulShutdown { await play(call) }
                }
            }
        }
    }

    func play(_ call: PlacedCall) async {
        let configuration = pbx.configuration
        let client = CRMEndpointClient(
            url: call.crmURL, token: call.crmToken, httpClient: configuration.httpClient, timeout: configuration.playbackTimeout
        )
        // The number exactly as dialled: canonicalising would turn a national 8… into 7….
        let phone = PhoneNumber(stored: call.phone)
        func event(_ type: CallEventType) -> CRMRequest {
            .event(
                EventRequest(
                    type: type, phone: phone, user: call.user, callid: call.callid, direction: .outgoing, ext: call.account?.ext,
                    telnum: call.telnum
                )
            )
        }
        do {
            await send(event(.outgoing), with: client, call: call)
            try await Task.sleep(for: configuration.ringDelay)
            await send(event(.accepted), with: client, call: call)
            try await Task.sleep(for: configuration.talkDuration)
            await send(event(.completed), with: client, call: call)
            let baseURL = await pbx.state.baseURL ?? configuration.listeningBaseURL(port: configuration.port)
            let history = HistoryRequest(
                direction: .outgoing, user: call.user, phone: phone, duration: configuration.historyDuration,
                callid: call.callid, links: ["\(baseURL)/recordings/\(call.callid).wav?seconds=\(configuration.historyDuration)"],
                start: call.start, status: .success, ext: call.account?.ext, telnum: call.telnum
            )
            await send(.history(history), with: client, call: call)
            await pbx.state.recordHistory(configuration.historyRecord(of: history))
            await pbx.state.finishPlayback(callid: call.callid, interrupted: false)
            pbx.logger.info("Call played back", metadata: ["callid": "\(call.callid)", "crm": "\(call.crmURL)"])
        } catch {
            await pbx.state.finishPlayback(callid: call.callid, interrupted: true)
            pbx.logger.info("Call playback interrupted", metadata: ["callid": "\(call.callid)"])
        }
    }

    /// Sends one request and records the CRM's answer; a CRM that fails one step still gets the next, as from a real PBX.
    private func send(_ request: CRMRequest, with client: CRMEndpointClient, call: PlacedCall) async {
        let type: String
        switch request {
        case .event(let event): type = event.type.rawValue
        case .history(let history): type = history.direction.rawValue
        default: type = ""
        }
        let started = ContinuousClock.now
        var step = FakePBXSnapshot.Step(time: FakePBXSnapshot.now(), cmd: request.command.rawValue, type: type, milliseconds: 0)
        do {
            let exchange = try await client.send(request)
            step.status = exchange.status
            if !(200..<300).contains(exchange.status) {
                step.error = String(exchange.bodyText.prefix(200))
                pbx.logger.warning(
                    "The CRM refused a playback request",
                    metadata: ["callid": "\(call.callid)", "cmd": "\(step.cmd)", "type": "\(type)", "status": "\(exchange.status)"]
                )
            }
        } catch {
            step.error = String(describing: error)
            pbx.logger.warning(
                "A playback request failed",
                metadata: ["callid": "\(call.callid)", "cmd": "\(step.cmd)", "type": "\(type)", "error": "\(error)"]
            )
        }
        let elapsed = ContinuousClock.now - started
        step.milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        await pbx.state.record(step, callid: call.callid)
    }
}

extension PlacedCall {
    var telnum: String? { clid ?? account?.telnum }
}
