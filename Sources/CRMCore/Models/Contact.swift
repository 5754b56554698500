import Foundation
import PBXProtocol

/// A person or company that calls, with any number of phones in canonical form.
public struct Contact: Codable, Sendable, Equatable, Identifiable {
    public var id: Int64
    public var name: String
    public var company: String
    public var notes: String
    public var phones: [PhoneNumber]
    /// The extensions written after some of `phones`, by the phone's value: `["+74950001122": "123"]`.
    public var extensions: [String: String]
    public var responsible: ManagerID?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, name: String, company: String, notes: String, phones: [PhoneNumber], extensions: [String: String] = [:],
        responsible: ManagerID?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.company = company
        self.notes = notes
        self.phones = phones
        self.extensions = extensions
        self.responsible = responsible
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, company, notes, phones, extensions, responsible
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// `"responsible": null` is written out, not left out: the API's readers see every field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(company, forKey: .company)
        try container.encode(notes, forKey: .notes)
        try container.encode(phones, forKey: .phones)
        try container.encode(extensions, forKey: .extensions)
        try container.encode(responsible, forKey: .responsible)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

/// A new contact's fields.
public struct ContactDraft: Sendable, Equatable {
    public var name: String
    public var company: String
    public var notes: String
    public var phones: [PhoneNumber]
    /// Extensions of some of `phones`, by the phone's value.
    public var extensions: [String: String]
    public var responsible: ManagerID?

    public init(
        name: String, company: String = "", notes: String = "", phones: [PhoneNumber] = [], extensions: [String: String] = [:],
        responsible: ManagerID? = nil
    ) {
        self.name = name
        self.company = company
        self.notes = notes
        self.phones = phones
        self.extensions = extensions
        self.responsible = responsible
    }

    /// With phones as people write them, extensions and all.
    public init(name: String, company: String = "", notes: String = "", written: [WrittenPhone], responsible: ManagerID? = nil) {
        let (phones, extensions) = WrittenPhone.split(written)
        self.init(name: name, company: company, notes: notes, phones: phones, extensions: extensions, responsible: responsible)
    }
}

extension WrittenPhone {
    /// The numbers in order, and the extensions by number (the first one written for a number).
    public static func split(_ written: [WrittenPhone]) -> (phones: [PhoneNumber], extensions: [String: String]) {
        var extensions: [String: String] = [:]
        for phone in written {
            if let number = phone.extensionNumber, extensions[phone.number.value] == nil { extensions[phone.number.value] = number }
        }
        return (written.map(\.number), extensions)
    }
}

/// A partial update: nil leaves a field as it is; `responsible: .some(nil)` removes the manager.
/// New `phones` replace the old ones, their extensions with them.
public struct ContactPatch: Sendable, Equatable {
    public var name: String?
    public var company: String?
    public var notes: String?
    public var phones: [PhoneNumber]?
    public var extensions: [String: String]
    public var responsible: ManagerID??

    public init(
        name: String? = nil, company: String? = nil, notes: String? = nil, phones: [PhoneNumber]? = nil,
        extensions: [String: String] = [:], responsible: ManagerID?? = nil
    ) {
        self.name = name
        self.company = company
        self.notes = notes
        self.phones = phones
        self.extensions = extensions
        self.responsible = responsible
    }
}

/// What the `contact` lookup needs, and no more: it is answered while the caller hears ringing.
public struct ContactMatch: Sendable, Equatable {
    public var contactID: Int64
    public var name: String
    public var responsible: ManagerID?

    public init(contactID: Int64, name: String, responsible: ManagerID?) {
        self.contactID = contactID
        self.name = name
        self.responsible = responsible
    }
}

/// One page of a longer list.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    /// False when counting was stopped and `total` is only a lower bound (a one- or two-character
    /// search over a large database); the JSON then carries `"total_exact": false`.
    public var totalIsExact: Bool

    public init(items: [Item], total: Int, totalIsExact: Bool = true) {
        self.items = items
        self.total = total
        self.totalIsExact = totalIsExact
    }
}

extension Page: Encodable where Item: Encodable {
    enum CodingKeys: String, CodingKey {
        case items, total
        case totalIsExact = "total_exact"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(total, forKey: .total)
        if !totalIsExact { try container.encode(false, forKey: .totalIsExact) }
    }
}
extension Page: Equatable where Item: Equatable {}

extension Contact {
    /// The contact after an edit: what `patch` leaves out stays; new phones bring their own extensions.
    public func applying(_ patch: ContactPatch, at now: Date) -> Contact {
        var contact = self
        if let name = patch.name { contact.name = name }
        if let company = patch.company { contact.company = company }
        if let notes = patch.notes { contact.notes = notes }
        if let phones = patch.phones {
            contact.phones = phones.distinctNumbers
            contact.extensions = patch.extensions
        }
        if let responsible = patch.responsible { contact.responsible = responsible }
        contact.updatedAt = now
        return contact
    }
}

extension [PhoneNumber] {
    /// Each number once, empty ones left out: what a contact keeps of the phones it was given.
    public var distinctNumbers: [PhoneNumber] {
        var seen = Set<PhoneNumber>()
        return filter { !$0.value.isEmpty && seen.insert($0).inserted }
    }
}
