import Foundation
import PBXProtocol

/// Something a manager's browser should see at once: a call leg changed, or a call was filed.
public struct LiveMessage: Sendable, Equatable {
    public enum Payload: Codable, Sendable, Equatable {
        case call(CallLegUpdate)
        case history(Call)
    }

    /// Increasing; the SSE `id`, so a reconnecting client can say what it saw last.
    public var id: UInt64
    /// The manager whose calls these are; nil when the PBX's `user` matched no manager.
    public var manager: ManagerID?
    public var payload: Payload

    public init(id: UInt64, manager: ManagerID?, payload: Payload) {
        self.id = id
        self.manager = manager
        self.payload = payload
    }
}

/// A leg's new state with the caller, as the pop-up shows it.
public struct CallLegUpdate: Codable, Sendable, Equatable {
    public var leg: CallLeg
    public var contact: ContactSummary?

    public init(leg: CallLeg, contact: ContactSummary?) {
        self.leg = leg
        self.contact = contact
    }
}

/// The caller as a pop-up names them.
public struct ContactSummary: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var company: String
    public var responsible: ManagerID?
    public var responsibleName: String?

    public init(id: Int64, name: String, company: String, responsible: ManagerID?, responsibleName: String?) {
        self.id = id
        self.name = name
        self.company = company
        self.responsible = responsible
        self.responsibleName = responsibleName
    }

    enum CodingKeys: String, CodingKey {
        case id, name, company, responsible
        case responsibleName = "responsible_name"
    }
}
