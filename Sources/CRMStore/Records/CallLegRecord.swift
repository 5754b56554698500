import CRMCore
import Foundation
import GRDB
import PBXProtocol

/// A row of `call_leg`: the live state of one leg, (`callid`, `user`), as events moved it.
struct CallLegRecord: SchemaRecord, PersistableRecord {
    static let databaseTableName = "call_leg"

    var callid: String
    var user: String
    var managerId: ManagerID?
    var state: String
    var isOpen: Bool
    var direction: String
    var phone: String
    var contactId: Int64?
    var diversion: String?
    var groupName: String?
    var startedAt: Date
    var answeredAt: Date?
    var updatedAt: Date
    var reason: String?

    enum Columns {
        static let callid = Column("callid")
        static let user = Column("user")
        static let managerID = Column("manager_id")
        static let isOpen = Column("is_open")
        static let startedAt = Column("started_at")
        static let updatedAt = Column("updated_at")
    }

    init(_ leg: CallLeg) {
        callid = leg.callid
        user = leg.user
        managerId = leg.manager
        state = leg.state.rawValue
        isOpen = leg.isOpen
        direction = leg.direction.rawValue
        phone = leg.phone.value
        contactId = leg.contact
        diversion = leg.diversion
        groupName = leg.groupRealName
        startedAt = leg.startedAt
        answeredAt = leg.answeredAt
        updatedAt = leg.updatedAt
        reason = leg.reason?.rawValue
    }

    var leg: CallLeg {
        CallLeg(
            callid: callid, user: user, manager: managerId, state: CallEventType(rawValue: state) ?? .incoming,
            direction: CallDirection(rawValue: direction) ?? .incoming, phone: PhoneNumber(stored: phone),
            contact: contactId, diversion: diversion, groupRealName: groupName, startedAt: startedAt, answeredAt: answeredAt,
            updatedAt: updatedAt, reason: reason.flatMap(LegReason.init(rawValue:))
        )
    }

    static func of(callid: String) -> QueryInterfaceRequest<CallLegRecord> {
        filter(Columns.callid == callid)
    }
}
