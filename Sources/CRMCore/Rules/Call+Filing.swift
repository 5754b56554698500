import Foundation
import PBXProtocol

extension Call {
    /// The call a `history` files: a new one, or `existing` — the call already filed for the same
    /// (`callid`, `user`) — updated by a repeat.
    ///
    /// The PBX retries `history`, and a retry may carry less than the first one did (no `link`, no
    /// `status`). So a repeat updates the call, and **what it leaves out keeps its earlier value**.
    /// `rating` is the rating received for the call before its history, when the history carries none.
    public static func filing(_ history: ReceivedHistory, over existing: Call?, rating: Int?) -> Call {
        let request = history.request
        return Call(
            id: existing?.id ?? 0, callid: request.callid, user: request.user, manager: history.manager ?? existing?.manager,
            direction: request.direction, phone: request.phone, contact: history.contact ?? existing?.contact,
            contactName: existing?.contactName, diversion: request.diversion ?? existing?.diversion,
            // Without `start`, a call started `duration` seconds before its first history arrived.
            start: request.start ?? existing?.start ?? history.receivedAt.addingTimeInterval(-Double(request.duration)),
            duration: request.duration, status: request.status ?? existing?.status,
            recordings: request.links.isEmpty ? existing?.recordings ?? [] : request.links,
            ext: request.ext ?? existing?.ext, telnum: request.telnum ?? existing?.telnum,
            groupRealName: request.groupRealName ?? existing?.groupRealName, rating: request.rating ?? rating ?? existing?.rating,
            // Later fields are replaced as a whole by a repeat that has any, not accumulated.
            extras: request.extras.isEmpty ? existing?.extras ?? [:] : request.extras,
            receivedAt: existing?.receivedAt ?? history.receivedAt, updatedAt: history.receivedAt,
            // A push makes the call a pushed one, even when a sync filed it first.
            source: history.source == .push ? .push : existing?.source ?? history.source
        )
    }
}

extension RatingRequest {
    /// Which of a call's filed legs a rating rates: the leg of its `user` when that leg is filed,
    /// else every leg of the call (a PBX rates the call, and may not say whose leg it was).
    public func rates(_ legs: [Call]) -> [Call] {
        let own = legs.filter { $0.user == user }
        return own.isEmpty ? legs : own
    }

    /// The rating a `history` of `user` takes when it carries none: the latest of the ratings that
    /// arrived before it (oldest first) for that user or for the whole call.
    public static func latest(of ratings: [RatingRequest], for user: String) -> Int? {
        ratings.last { $0.user == nil || $0.user == user }?.rating
    }
}
