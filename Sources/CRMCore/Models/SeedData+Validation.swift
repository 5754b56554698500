import Foundation
import PBXProtocol

/// A data set that cannot be loaded, and the field that says why (`contacts[3].phones[0]`).
public struct InvalidDataSet: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public var description: String { "\(field): \(message)" }
}

extension SeedData {
    /// Refuses a data set with a manager nobody could log in as, or a phone that is not a phone.
    public func validate(defaultCountry: CountryCode) throws(InvalidDataSet) {
        if let timeZone, TimeZone(identifier: timeZone) == nil {
            throw InvalidDataSet(field: "time_zone", message: "\"\(timeZone)\" is not a time zone")
        }
        for (index, manager) in managers.enumerated() where manager.password == nil && manager.passwordHash == nil {
            throw InvalidDataSet(field: "managers[\(index)]", message: "password is required")
        }
        for (index, contact) in contacts.enumerated() {
            for (position, phone) in contact.phones.enumerated() where WrittenPhone(parsing: phone, defaultCountry: defaultCountry) == nil {
                throw InvalidDataSet(field: "contacts[\(index)].phones[\(position)]", message: "\"\(phone)\" is not a phone number")
            }
        }
    }
}
