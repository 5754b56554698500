import Foundation
import PBXProtocol

extension SeedData {
    /// The seed ready for a store: passwords hashed (each distinct one once), phones canonical,
    /// calls placed relative to `now` and resolved to their managers.
    public func importBatch(defaultCountry: CountryCode, now: Date = Date()) async -> ImportBatch {
        var hashes: [String: String] = [:]
        for password in Set(managers.filter { $0.passwordHash == nil }.compactMap(\.password)) {
            hashes[password] = await PasswordHasher.hash(password)
        }
        let managers = managers.map { seed in
            let manager = Manager(
                id: seed.id ?? seed.login, name: seed.name, login: seed.login, role: seed.role ?? .manager,
                pbxAccount: seed.pbxAccount, active: seed.active ?? true
            )
            // A manager without either cannot log in (`validated()` refuses such a file).
            return (manager: manager, passwordHash: seed.passwordHash ?? seed.password.flatMap { hashes[$0] } ?? "!")
        }
        let managerIDs = Set(managers.map(\.manager.id))
        let contacts = contacts.map { seed in
            ContactDraft(
                name: seed.name, company: seed.company ?? "", notes: seed.notes ?? "",
                written: seed.phones.map { phone in
                    WrittenPhone(parsing: phone, defaultCountry: defaultCountry)
                        ?? WrittenPhone(number: PhoneNumber(phone, defaultCountry: defaultCountry))
                },
                responsible: seed.responsible
            )
        }
        let office = timeZone.flatMap(TimeZone.init(identifier:)).map(BusinessHours.init(timeZone:))
        let calls = (calls ?? []).map { seed in
            let start =
                office?.moment(workingMinutes: seed.minutesAgo, before: now) ?? now.addingTimeInterval(-Double(seed.minutesAgo) * 60)
            let request = HistoryRequest(
                direction: CallDirection(wire: seed.direction) ?? .incoming, user: seed.user,
                phone: PhoneNumber(seed.phone, defaultCountry: defaultCountry), duration: seed.duration, callid: seed.callid,
                diversion: seed.diversion, links: seed.recordings ?? [], start: start, status: CallStatus(rawValue: seed.status)
            )
            return ReceivedHistory(
                request: request, manager: managerIDs.contains(seed.user) ? seed.user : nil, contact: nil,
                receivedAt: start.addingTimeInterval(Double(seed.duration))
            )
        }
        return ImportBatch(managers: managers, contacts: contacts, calls: calls)
    }
}

extension SeedData {
    /// The data set as MiniCRM keeps it to `reset` to: passwords replaced by the hashes `batch` holds
    /// (made from this data set by `importBatch`), so no password is stored in the clear.
    public func keepingHashes(of batch: ImportBatch) -> SeedData {
        var kept = self
        for index in kept.managers.indices where index < batch.managers.count {
            kept.managers[index].passwordHash = batch.managers[index].passwordHash
            kept.managers[index].password = nil
        }
        return kept
    }
}
