import CRMCore
import Foundation
import Hummingbird
import PBXProtocol

/// `/api/contacts`: list and search, create, read with the contact's calls, update, delete.
struct ContactsController {
    let store: any CRMStore
    let defaultCountry: CountryCode

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("contacts", use: list)
        group.post("contacts", use: create)
        group.get("contacts/{id}", use: show)
        group.patch("contacts/{id}", use: update)
        group.delete("contacts/{id}", use: delete)
    }

    /// A contact as the API writes it, optionally with its calls.
    struct ContactDetail: ResponseEncodable {
        var contact: Contact
        var calls: [Call]

        func encode(to encoder: any Encoder) throws {
            try contact.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(calls, forKey: .calls)
        }

        enum CodingKeys: String, CodingKey { case calls }
    }

    /// Create and update bodies; on update an absent field is kept, `"responsible": null` clears it.
    struct ContactInput: Decodable {
        var name: String?
        var company: String?
        var notes: String?
        var phones: [String]?
        var responsible: ManagerID??

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            company = try container.decodeIfPresent(String.self, forKey: .company)
            notes = try container.decodeIfPresent(String.self, forKey: .notes)
            phones = try container.decodeIfPresent([String].self, forKey: .phones)
            if container.contains(.responsible) {
                responsible = .some(try container.decodeIfPresent(String.self, forKey: .responsible))
            }
        }

        enum CodingKeys: String, CodingKey { case name, company, notes, phones, responsible }

        func validated(defaultCountry: CountryCode, creating: Bool) throws -> ContactPatch {
            let name = name?.trimmingWhitespace
            if creating || name != nil {
                guard let name, !name.isEmpty else { throw APIError(.badRequest, "Name is required") }
            }
            try Self.check(name, "name", limit: 500)
            try Self.check(company, "company", limit: 500)
            try Self.check(notes, "notes", limit: 20_000)
            if let phones, phones.count > 20 { throw APIError(.badRequest, "At most 20 phones", field: "phones") }
            let (parsed, extensions) = WrittenPhone.split(try Self.parse(phones ?? [], defaultCountry: defaultCountry))
            return ContactPatch(
                name: name, company: company?.trimmingWhitespace, notes: notes, phones: phones == nil ? nil : parsed,
                extensions: extensions, responsible: responsible.map { $0.flatMap { $0.isEmpty ? nil : $0 } }
            )
        }

        /// Each phone must be one (`доб. 123` and the like split off); blank lines are left out.
        static func parse(_ phones: [String], defaultCountry: CountryCode) throws -> [WrittenPhone] {
            try phones.enumerated().compactMap { index, raw in
                guard !raw.trimmingWhitespace.isEmpty else { return nil }
                let field = "phones[\(index)]"
                guard raw.count <= 64 else { throw APIError(.badRequest, "\(field): phone too long", field: field) }
                guard let phone = WrittenPhone(parsing: raw, defaultCountry: defaultCountry) else {
                    throw APIError(.badRequest, "\(field): \"\(raw)\" is not a phone number", field: field)
                }
                return phone
            }
        }

        static func check(_ value: String?, _ field: String, limit: Int) throws {
            if let value, value.count > limit { throw APIError(.badRequest, "\(field) is longer than \(limit) characters") }
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Page<Contact> {
        let query = request.query
        let page = try await store.contacts(
            matching: query["q"] ?? "",
            limit: try QueryParameter.int(query, "limit", default: 50, range: 1...500),
            offset: try QueryParameter.int(query, "offset", default: 0, range: 0...Int(Int32.max))
        )
        return page
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> ContactDetail {
        let id = try QueryParameter.id(context)
        guard let contact = try await store.contact(id: id) else { throw APIError(.notFound, "No such contact") }
        let calls = try await store.calls(CallFilter(contact: id, limit: 200))
        return ContactDetail(contact: contact, calls: calls.items)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Contact> {
        let input = try await request.decode(as: ContactInput.self, context: context)
        let patch = try input.validated(defaultCountry: defaultCountry, creating: true)
        let contact = try await store.createContact(
            ContactDraft(
                name: patch.name ?? "", company: patch.company ?? "", notes: patch.notes ?? "", phones: patch.phones ?? [],
                extensions: patch.extensions, responsible: patch.responsible ?? nil
            )
        )
        return EditedResponse(status: .created, response: contact)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Contact {
        let id = try QueryParameter.id(context)
        let input = try await request.decode(as: ContactInput.self, context: context)
        let patch = try input.validated(defaultCountry: defaultCountry, creating: false)
        guard let contact = try await store.updateContact(id: id, with: patch) else {
            throw APIError(.notFound, "No such contact")
        }
        return contact
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try QueryParameter.id(context)
        guard try await store.deleteContact(id: id) else { throw APIError(.notFound, "No such contact") }
        return Response(status: .noContent)
    }
}
