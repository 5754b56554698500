import Hummingbird
import NIOCore
import PBXProtocol

/// What a PBX team or a test looks at: `GET /fake/state`, and a plain-text map at `/`.
extension FakePBX {
    func inspection() async -> Response {
        let encoder = ProtocolJSON.makeEncoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        let snapshot = await state.snapshot()
        return .protocolJSON(bytes: (try? Array(encoder.encode(snapshot))) ?? Array("{}".utf8))
    }

    func index() -> Response {
        let text = """
            MiniCRM fake PBX — the CRM → PBX half of the cloud PBX "CRM REST API".

            POST \(PBXAPI.loginPath)   crm_code, login, password, crm_token, url [, self_map] → {"token":"…"}
            GET  \(PBXAPI.loginPath)   crm_code, crm_token, url, redirect_url [, self_map] → sign-in page → 302 redirect_url?token=…
            POST \(PBXAPI.commandPath)    cmd=accounts | groups | makeCall (phone digits only, user, clid), token
            POST \(PBXAPI.commandPath)    cmd=history (period | start, end; type; limit) → CSV of the calls played
            POST \(PBXAPI.commandPath)    cmd=subscribeOnCalls (user, group_id, status) | subscriptionStatus (user, group_id)
            POST \(PBXAPI.commandPath)    cmd=set_dnd (user, state) | get_dnd (user)
            GET  /recordings/{callid}.wav   the recording a history links to (?seconds=N: its length)
            GET  /fake/state                what this PBX received and played back
            POST /fake/calls                {"scenario":"answered","phone":"…","users":["…"]}: play an incoming call, filed in history

            Administrator login: \(configuration.adminLogin)

            """
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
