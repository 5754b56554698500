import CRMCore
import Foundation
import GRDB
import PBXProtocol

/// A row of `call_event`: every event as received, repeats included.
struct CallEventRow: SchemaRecord {
    static let databaseTableName = "call_event"

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var id: Int64?
    var callid: String
    var user: String
    var managerId: ManagerID?
    var type: String
    var phone: String
    var diversion: String?
    var applied: Bool
    var extras: [String: String]
    var receivedAt: Date

    enum Columns {
        static let id = Column("id")
        static let callid = Column("callid")
    }

    /// The event as stored, with the later-version fields among its extras.
    init(_ event: ReceivedEvent, applied: Bool) {
        let request = event.request
        callid = request.callid
        user = request.user
        managerId = event.manager
        type = request.type.rawValue
        phone = request.phone.value
        diversion = request.diversion
        self.applied = applied
        var extras = request.extras
        extras["direction"] = request.direction?.rawValue
        extras["groupRealName"] = request.groupRealName
        extras["ext"] = request.ext
        extras["telnum"] = request.telnum
        extras["second_callid"] = request.secondCallid
        self.extras = extras
        receivedAt = event.receivedAt
    }

    var record: CallEventRecord {
        CallEventRecord(
            id: id ?? 0, callid: callid, user: user, manager: managerId, type: CallEventType(rawValue: type) ?? .incoming, phone: PhoneNumber(stored: phone),
            diversion: diversion, receivedAt: receivedAt, applied: applied, extras: extras
        )
    }
}

/// A row of `call_rating`: ratings may arrive before the history they rate.
struct CallRatingRecord: SchemaRecord {
    static let databaseTableName = "call_rating"

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var id: Int64?
    var callid: String
    var user: String?
    var rating: Int
    var receivedAt: Date

    enum Columns {
        static let id = Column("id")
        static let callid = Column("callid")
        static let user = Column("user")
    }
}
