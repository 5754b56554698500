import CRMCore
import Foundation
import GRDB
import PBXProtocol

/// A row of `contact`; its phones are `ContactPhoneRecord`s.
struct ContactRecord: SchemaRecord {
    static let databaseTableName = "contact"

    var id: Int64?
    var name: String
    /// The name as Russian alphabetical order sorts it (see `NameKey`).
    var nameKey: String
    var company: String
    var notes: String
    var responsibleId: ManagerID?
    /// Folded name, company and every written form of every phone: what search matches.
    var searchText: String
    var createdAt: Date
    var updatedAt: Date

    enum Columns {
        static let id = Column("id")
        static let nameKey = Column("name_key")
    }

    static let phones = hasMany(ContactPhoneRecord.self, using: ContactPhoneRecord.contactForeignKey)

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// A new contact's row.
    init(_ draft: ContactDraft, phones: [PhoneNumber], defaultCountry: CountryCode, at now: Date) {
        name = draft.name
        nameKey = NameKey.of(draft.name)
        company = draft.company
        notes = draft.notes
        responsibleId = draft.responsible
        searchText = SearchText.document(name: draft.name, company: draft.company, phones: phones, defaultCountry: defaultCountry)
        createdAt = now
        updatedAt = now
    }

    /// The row of an edited contact.
    init(_ contact: Contact, defaultCountry: CountryCode) {
        id = contact.id
        name = contact.name
        nameKey = NameKey.of(contact.name)
        company = contact.company
        notes = contact.notes
        responsibleId = contact.responsible
        searchText = SearchText.document(name: contact.name, company: contact.company, phones: contact.phones, defaultCountry: defaultCountry)
        createdAt = contact.createdAt
        updatedAt = contact.updatedAt
    }

    func contact(phones: [ContactPhoneRecord]) -> Contact {
        let ordered = phones.sorted { $0.position < $1.position }
        return Contact(
            id: id ?? 0, name: name, company: company, notes: notes, phones: ordered.map { PhoneNumber(stored: $0.phone) },
            extensions: Dictionary(ordered.compactMap { phone in phone.extension.map { (phone.phone, $0) } }, uniquingKeysWith: { $1 }),
            responsible: responsibleId, createdAt: createdAt, updatedAt: updatedAt
        )
    }
}

/// A row of `contact_phone`: one canonical number of a contact (or a number as typed, when it is not
/// one), and the extension written after it.
struct ContactPhoneRecord: SchemaRecord, PersistableRecord {
    static let databaseTableName = "contact_phone"
    static let contactForeignKey = ForeignKey(["contact_id"])

    var contactId: Int64
    var position: Int
    var phone: String
    var `extension`: String?

    enum Columns {
        static let contactID = Column("contact_id")
        static let phone = Column("phone")
    }
}
