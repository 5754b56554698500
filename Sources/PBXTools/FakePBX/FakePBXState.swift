import Foundation
import PBXProtocol

/// The fake PBX's memory: the one connected CRM, and the records behind `GET /fake/state`.
public actor FakePBXState {
    /// The CRM that logged in last: a new login replaces it and invalidates the previous token.
    struct Connection: Sendable {
        var crmCode: String
        var crmToken: String
        var url: String
        var selfMap: Bool
        var token: String
        var via: String
        var connectedAt: String
    }

    /// Records kept per list; a long demo forgets the oldest.
    static let recordLimit = 1000

    private(set) var connection: Connection?
    private var loginAttempts: [FakePBXSnapshot.LoginAttempt] = []
    private var makeCalls: [FakePBXSnapshot.MakeCall] = []
    private var playbacks: [FakePBXSnapshot.Playback] = []
    private var placedCallIDs: Set<String> = []
    /// Where recordings are served, once the server listens.
    private(set) var baseURL: String?
    /// The PBX's own record of the calls it played, oldest first: what `history` answers.
    var callHistory: [PBXHistoryRecord] = []
    /// Accounts with do-not-disturb on.
    var doNotDisturb: Set<String> = []
    /// (account, group) pairs that stopped taking the group's calls; everyone else takes them.
    var unsubscribed: Set<GroupMembership> = []

    init() {}

    func setBaseURL(_ url: String) {
        baseURL = url
    }

    /// Connects `request`'s CRM and returns the token it must present from now on.
    func connect(_ request: PBXLoginRequest, via: String) -> String {
        let token = UUID().uuidString.lowercased()
        connection = Connection(
            crmCode: request.crmCode, crmToken: request.crmToken, url: request.url, selfMap: request.selfMap, token: token, via: via,
            connectedAt: FakePBXSnapshot.now()
        )
        return token
    }

    /// The connection `token` belongs to; compared in constant time.
    func connection(acceptingToken token: String?) -> Connection? {
        guard let connection, let token, ConstantTime.equals(token, expected: connection.token) else { return nil }
        return connection
    }

    func record(_ attempt: FakePBXSnapshot.LoginAttempt) {
        Self.append(attempt, to: &loginAttempts)
    }

    func record(_ call: FakePBXSnapshot.MakeCall) {
        Self.append(call, to: &makeCalls)
    }

    func startPlayback(callid: String, phone: String, user: String, crmURL: String) {
        placedCallIDs.insert(callid)
        Self.append(
            FakePBXSnapshot.Playback(
                callid: callid, phone: phone, user: user, crmURL: crmURL, steps: [], finished: false, interrupted: false
            ),
            to: &playbacks
        )
    }

    func record(_ step: FakePBXSnapshot.Step, callid: String) {
        guard let index = playbacks.lastIndex(where: { $0.callid == callid }) else { return }
        playbacks[index].steps.append(step)
    }

    func finishPlayback(callid: String, interrupted: Bool) {
        guard let index = playbacks.lastIndex(where: { $0.callid == callid }) else { return }
        playbacks[index].finished = !interrupted
        playbacks[index].interrupted = interrupted
    }

    /// Only calls this PBX placed or played have a recording.
    func hasRecording(callid: String) -> Bool {
        placedCallIDs.contains(callid) || callHistory.contains { $0.uid == callid }
    }

    /// The token the connected CRM presents, for in-process tests; `GET /fake/state` shows it masked.
    public func currentToken() -> String? {
        connection?.token
    }

    public func snapshot() -> FakePBXSnapshot {
        FakePBXSnapshot(
            connectedCRM: connection.map {
                FakePBXSnapshot.ConnectedCRM(
                    crmCode: $0.crmCode, url: $0.url, selfMap: $0.selfMap, via: $0.via, connectedAt: $0.connectedAt,
                    crmTokenMasked: FakePBXSnapshot.mask($0.crmToken), tokenMasked: FakePBXSnapshot.mask($0.token)
                )
            },
            loginAttempts: loginAttempts, makeCalls: makeCalls, playbacks: playbacks
        )
    }

    private static func append<Record>(_ record: Record, to records: inout [Record]) {
        records.append(record)
        if records.count > recordLimit { records.removeFirst(records.count - recordLimit) }
    }
}
