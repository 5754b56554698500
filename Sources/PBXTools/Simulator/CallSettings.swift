import Foundation
import PBXProtocol

/// Who calls whom and how the call goes: the inputs of every scenario builder.
///
/// Times are the call's own, as the PBX would report them (`duration` in `history` is the talk
/// time); the simulator's `speed` only compresses how long it waits between requests.
public struct CallSettings: Sendable, Equatable {
    public var callid: String
    /// The outside party: the caller of an incoming call, the callee of an outgoing one.
    public var phone: PhoneNumber
    /// CRM user ids or PBX accounts, as the PBX sends `user`. A ring group rings all of them; a
    /// transfer goes from the first to the second; every other scenario uses the first.
    public var users: [String]
    /// Who picks up in a ring group; the first user when nil or not one of `users`.
    public var answeringUser: String?
    /// The company number that was dialled.
    public var diversion: String?
    /// The company's outside number, sent as `telnum`.
    public var telnum: String?
    /// The ring group's name, sent as `groupRealName` in a group call.
    public var groupName: String
    public var ringTime: Duration
    public var talkTime: Duration
    /// The recording URL for `history`'s `link`; `{callid}`, `{user}` and `{duration}` (the talk, in
    /// seconds) are filled in. Nil: no link.
    public var recordingURL: String?
    /// When the call starts, for `history`'s `start`.
    public var start: Date
    /// The ring group's id, sent as `group` (`g_<uuid>`) in a group call, as real PBXes do.
    public var groupID: String?

    public init(
        callid: String, phone: PhoneNumber = PhoneNumber("79161234567"), users: [String] = ["ivanov"], answeringUser: String? = nil,
        diversion: String? = nil, telnum: String? = nil, groupName: String = "Отдел продаж", ringTime: Duration = .seconds(5),
        talkTime: Duration = .seconds(30), recordingURL: String? = CallSettings.defaultRecordingURL, start: Date = Date(),
        groupID: String? = nil
    ) {
        self.callid = callid
        self.phone = phone
        self.users = users.isEmpty ? ["ivanov"] : users
        self.answeringUser = answeringUser
        self.diversion = diversion
        self.telnum = telnum
        self.groupName = groupName
        self.ringTime = ringTime
        self.talkTime = talkTime
        self.recordingURL = recordingURL
        self.start = start
        self.groupID = groupID
    }

    public static let defaultRecordingURL = "https://records.example/{callid}/{user}.mp3"

    var firstUser: String { users[0] }

    /// The transfer's target: the second user, or the first again when only one was given.
    var secondUser: String { users.count > 1 ? users[1] : users[0] }

    var groupAnswerer: String {
        answeringUser.flatMap { users.contains($0) ? $0 : nil } ?? firstUser
    }

    func recordingLinks(user: String, duration: Int) -> [String] {
        guard let recordingURL, !recordingURL.isEmpty else { return [] }
        return [
            recordingURL.replacingOccurrences(of: "{callid}", with: callid).replacingOccurrences(of: "{user}", with: user)
                .replacingOccurrences(of: "{duration}", with: String(duration))
        ]
    }

}
