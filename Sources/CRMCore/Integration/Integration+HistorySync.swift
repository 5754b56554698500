import Foundation
import PBXProtocol

extension Integration {
    /// Files the calls of the PBX's own `history` answer that MiniCRM missed, and publishes each to
    /// the streams; returns them. Idempotent: a call already filed — pushed or synced, under any
    /// spelling of its user — is left as it is.
    ///
    /// A line's `account` is a PBX account, often `login@tenant`. It is resolved to a manager as
    /// `self_map` resolves accounts (falling back to a manager whose id is the login), and the call
    /// is filed under the `user` the PBX pushes for that manager — their id, or with `self_map`
    /// their PBX account — so a push of the same call lands on the same row.
    @discardableResult
    public func fill(from records: [PBXHistoryRecord], at now: Date) async throws -> [Call] {
        let selfMap = settings.selfMap
        var histories: [ReceivedHistory] = []
        histories.reserveCapacity(records.count)
        for record in records where !record.uid.isEmpty {
            let login = Call.login(record.account)
            let manager = store.manager(forPBXUser: record.account, selfMap: true)
                ?? store.manager(forPBXUser: String(login), selfMap: false)
            let user = manager.map { selfMap ? $0.pbxAccount ?? record.account : $0.id } ?? record.account
            let request = record.history(user: user, defaultCountry: defaultCountry)
            let contact = try await store.lookupContact(phone: request.phone)
            histories.append(
                ReceivedHistory(request: request, manager: manager?.id, contact: contact?.contactID, receivedAt: now, source: .pbxHistory)
            )
        }
        let filed = try await store.fileMissedHistory(histories)
        for call in filed {
            for leg in call.changedLegs { await publish(leg) }
            await feed.send(.history(call.call), for: call.call.manager)
        }
        return filed.map(\.call)
    }
}
