import CRMCore
import Foundation
import GRDB
import PBXProtocol

/// A row of `call`: one leg of a finished call, as `history` filed it, one per (`callid`, `user`).
struct CallRecord: SchemaRecord {
    static let databaseTableName = "call"

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var id: Int64?
    var callid: String
    var user: String
    var managerId: ManagerID?
    var direction: String
    var phone: String
    var contactId: Int64?
    var diversion: String?
    var start: Date
    var duration: Int
    var status: String?
    var recordings: [String]
    var ext: String?
    var telnum: String?
    var groupName: String?
    var rating: Int?
    var extras: [String: String]
    var receivedAt: Date
    var updatedAt: Date
    var source: String

    enum Columns {
        static let id = Column("id")
        static let callid = Column("callid")
        static let user = Column("user")
        static let managerID = Column("manager_id")
        static let direction = Column("direction")
        static let phone = Column("phone")
        static let contactID = Column("contact_id")
        static let start = Column("start")
        static let duration = Column("duration")
        static let status = Column("status")
        static let source = Column("source")
    }

    static let contact = belongsTo(ContactRecord.self, using: ForeignKey(["contact_id"]))

    init(_ call: Call) {
        id = call.id == 0 ? nil : call.id
        callid = call.callid
        user = call.user
        managerId = call.manager
        direction = call.direction.rawValue
        phone = call.phone.value
        contactId = call.contact
        diversion = call.diversion
        start = call.start
        duration = call.duration
        status = call.status?.rawValue
        recordings = call.recordings
        ext = call.ext
        telnum = call.telnum
        groupName = call.groupRealName
        rating = call.rating
        extras = call.extras
        receivedAt = call.receivedAt
        updatedAt = call.updatedAt
        source = call.source.rawValue
    }

    func call(contactName: String?) -> Call {
        Call(
            id: id ?? 0, callid: callid, user: user, manager: managerId, direction: CallDirection(rawValue: direction) ?? .incoming, phone: PhoneNumber(stored: phone),
            contact: contactId, contactName: contactName, diversion: diversion, start: start, duration: duration,
            status: status.map(CallStatus.init(rawValue:)), recordings: recordings, ext: ext, telnum: telnum, groupRealName: groupName,
            rating: rating, extras: extras, receivedAt: receivedAt, updatedAt: updatedAt, source: CallSource(rawValue: source) ?? .push
        )
    }

    /// The call of (`callid`, `user`).
    static func leg(callid: String, user: String) -> QueryInterfaceRequest<CallRecord> {
        filter(Columns.callid == callid && Columns.user == user)
    }
}

/// A call with its contact's name, as lists show it.
struct CallWithContact: Decodable, FetchableRecord {
    var call: CallRecord
    var contact: ContactName?

    struct ContactName: Decodable { var name: String }

    static func request(_ base: QueryInterfaceRequest<CallRecord>) -> QueryInterfaceRequest<CallWithContact> {
        base.including(optional: CallRecord.contact.select(Column("name")).forKey("contact")).asRequest(of: CallWithContact.self)
    }

    var domain: Call { call.call(contactName: contact?.name) }
}
