import Foundation

/// One request the PBX posts to the CRM's integration URL, decoded and checked.
///
/// Parsing is the protocol's whole contract for a command: which parameters are required, how each
/// is read. The CRM endpoint, the simulator, the conformance checker and the fake PBX all build and
/// read requests through these types.
public enum CRMRequest: Sendable, Equatable {
    case users
    case contact(ContactRequest)
    case event(EventRequest)
    case history(HistoryRequest)
    case rating(RatingRequest)

    /// The `cmd` values, as sent.
    public enum Command: String, Sendable, CaseIterable {
        case users, contact, event, history, rating

        /// `users`, or `user` as the spec's own example spells it.
        public init?(wire: String) {
            switch wire {
            case "user": self = .users
            default: self.init(rawValue: wire)
            }
        }
    }

    /// Decodes the command; the token has been checked before (a wrong token is a 401 whatever else is wrong).
    public init(parameters: PBXParameters, defaultCountry: CountryCode = .russia) throws(ProtocolError) {
        try parameters.checkNoNUL()
        guard let cmd = parameters.optional("cmd") else { throw .invalidParameters("missing cmd") }
        guard let command = Command(wire: cmd) else { throw .invalidParameters("unknown cmd \(cmd)") }
        switch command {
        case .users: self = .users
        case .contact: self = .contact(try ContactRequest(parameters: parameters, defaultCountry: defaultCountry))
        case .event: self = .event(try EventRequest(parameters: parameters, defaultCountry: defaultCountry))
        case .history: self = .history(try HistoryRequest(parameters: parameters, defaultCountry: defaultCountry))
        case .rating: self = .rating(try RatingRequest(parameters: parameters, defaultCountry: defaultCountry))
        }
    }

    public var command: Command {
        switch self {
        case .users: .users
        case .contact: .contact
        case .event: .event
        case .history: .history
        case .rating: .rating
        }
    }

    /// The wire form, for senders: the simulator, the conformance checker, the fake PBX.
    public func parameters(crmToken: String) -> PBXParameters {
        var parameters: PBXParameters = ["cmd": command.rawValue]
        switch self {
        case .users: break
        case .contact(let request): parameters.merge(request.parameters)
        case .event(let request): parameters.merge(request.parameters)
        case .history(let request): parameters.merge(request.parameters)
        case .rating(let request): parameters.merge(request.parameters)
        }
        parameters.append("crm_token", crmToken)
        return parameters
    }

    /// The `crm_token` parameter name.
    public static let tokenParameter = "crm_token"
}

/// `cmd=contact`: who is calling? Sent while the call rings; the PBX waits for the answer.
public struct ContactRequest: Sendable, Equatable {
    public var phone: PhoneNumber
    public var callid: String
    public var diversion: String?

    public init(phone: PhoneNumber, callid: String, diversion: String? = nil) {
        self.phone = phone
        self.callid = callid
        self.diversion = diversion
    }

    public init(parameters: PBXParameters, defaultCountry: CountryCode = .russia) throws(ProtocolError) {
        phone = PhoneNumber(try parameters.present("phone"), defaultCountry: defaultCountry)
        callid = try parameters.required("callid")
        diversion = parameters.optional("diversion")
    }

    var parameters: PBXParameters {
        var parameters: PBXParameters = ["phone": phone.dialString, "callid": callid]
        if let diversion { parameters.append("diversion", diversion) }
        return parameters
    }
}

/// `cmd=event`: a call leg changed state. Keyed by (`callid`, `user`): ring groups share a `callid`.
public struct EventRequest: Sendable, Equatable {
    public var type: CallEventType
    public var phone: PhoneNumber
    public var user: String
    public var callid: String
    public var diversion: String?
    /// Later versions.
    public var direction: CallDirection?
    public var groupRealName: String?
    public var ext: String?
    public var telnum: String?
    public var secondCallid: String?
    /// Anything else the PBX sent, kept as it came.
    public var extras: [String: String]

    public init(
        type: CallEventType, phone: PhoneNumber, user: String, callid: String, diversion: String? = nil,
        direction: CallDirection? = nil, groupRealName: String? = nil, ext: String? = nil, telnum: String? = nil,
        secondCallid: String? = nil, extras: [String: String] = [:]
    ) {
        self.type = type
        self.phone = phone
        self.user = user
        self.callid = callid
        self.diversion = diversion
        self.direction = direction
        self.groupRealName = groupRealName
        self.ext = ext
        self.telnum = telnum
        self.secondCallid = secondCallid
        self.extras = extras
    }

    static let known: Set<String> = [
        "cmd", "type", "phone", "user", "callid", "diversion", "direction", "groupRealName", "ext", "telnum", "second_callid",
    ]

    public init(parameters: PBXParameters, defaultCountry: CountryCode = .russia) throws(ProtocolError) {
        let typeText = try parameters.required("type")
        guard let type = CallEventType(wire: typeText) else { throw .invalidParameters("unknown event type \(typeText)") }
        self.type = type
        phone = PhoneNumber(try parameters.present("phone"), defaultCountry: defaultCountry)
        user = try parameters.required("user")
        callid = try parameters.required("callid")
        diversion = parameters.optional("diversion")
        if let text = parameters.optional("direction") {
            guard let direction = CallDirection(wire: text) else { throw .invalidParameters("unknown direction \(text)") }
            self.direction = direction
        } else {
            direction = nil
        }
        groupRealName = parameters.optional("groupRealName")
        ext = parameters.optional("ext")
        telnum = parameters.optional("telnum")
        secondCallid = parameters.optional("second_callid")
        extras = parameters.extras(excluding: Self.known)
    }

    /// The direction of the call: as sent, else what the event type implies.
    public var impliedDirection: CallDirection {
        direction ?? (type == .outgoing ? .outgoing : .incoming)
    }

    var parameters: PBXParameters {
        var parameters: PBXParameters = ["type": type.rawValue, "phone": phone.dialString, "user": user, "callid": callid]
        for (name, value) in [
            ("diversion", diversion), ("direction", direction?.rawValue), ("groupRealName", groupRealName), ("ext", ext),
            ("telnum", telnum), ("second_callid", secondCallid),
        ] {
            if let value { parameters.append(name, value) }
        }
        for (name, value) in extras.sorted(by: { $0.key < $1.key }) { parameters.append(name, value) }
        return parameters
    }
}

/// `cmd=history`: a call leg is over. The authority on its outcome; may be sent again.
public struct HistoryRequest: Sendable, Equatable {
    public var direction: CallDirection
    public var user: String
    public var phone: PhoneNumber
    public var duration: Int
    public var callid: String
    public var diversion: String?
    /// Recording URLs: `link` split on `|`.
    public var links: [String]
    /// Later versions.
    public var start: Date?
    public var status: CallStatus?
    public var ext: String?
    public var telnum: String?
    public var groupRealName: String?
    public var rating: Int?
    public var extras: [String: String]

    public init(
        direction: CallDirection, user: String, phone: PhoneNumber, duration: Int, callid: String, diversion: String? = nil,
        links: [String] = [], start: Date? = nil, status: CallStatus? = nil, ext: String? = nil, telnum: String? = nil,
        groupRealName: String? = nil, rating: Int? = nil, extras: [String: String] = [:]
    ) {
        self.direction = direction
        self.user = user
        self.phone = phone
        self.duration = duration
        self.callid = callid
        self.diversion = diversion
        self.links = links
        self.start = start
        self.status = status
        self.ext = ext
        self.telnum = telnum
        self.groupRealName = groupRealName
        self.rating = rating
        self.extras = extras
    }

    static let known: Set<String> = [
        "cmd", "type", "user", "phone", "duration", "callid", "diversion", "link", "start", "status", "ext", "telnum",
        "groupRealName", "rating",
    ]

    public init(parameters: PBXParameters, defaultCountry: CountryCode = .russia) throws(ProtocolError) {
        let typeText = try parameters.required("type")
        guard let direction = CallDirection(wire: typeText) else { throw .invalidParameters("unknown call type \(typeText)") }
        self.direction = direction
        user = try parameters.required("user")
        phone = PhoneNumber(try parameters.present("phone"), defaultCountry: defaultCountry)
        duration = try parameters.count("duration", required: true) ?? 0
        callid = try parameters.required("callid")
        diversion = parameters.optional("diversion")
        links = (parameters.optional("link") ?? "").split(separator: "|").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
        if let text = parameters.optional("start") {
            guard let start = ProtocolTimestamp.parse(text) else { throw .invalidParameters("start is not YYYYmmddTHHMMSSZ: \(text)") }
            self.start = start
        } else {
            start = nil
        }
        status = parameters.optional("status").map(CallStatus.init(rawValue:))
        ext = parameters.optional("ext")
        telnum = parameters.optional("telnum")
        groupRealName = parameters.optional("groupRealName")
        rating = try parameters.count("rating", required: false)
        extras = parameters.extras(excluding: Self.known)
    }

    var parameters: PBXParameters {
        var parameters: PBXParameters = [
            "type": direction.rawValue, "user": user, "phone": phone.dialString, "duration": String(duration), "callid": callid,
        ]
        for (name, value) in [
            ("diversion", diversion), ("link", links.isEmpty ? nil : links.joined(separator: "|")),
            ("start", start.map(ProtocolTimestamp.format)), ("status", status?.wireName), ("ext", ext), ("telnum", telnum),
            ("groupRealName", groupRealName), ("rating", rating.map(String.init)),
        ] {
            if let value { parameters.append(name, value) }
        }
        for (name, value) in extras.sorted(by: { $0.key < $1.key }) { parameters.append(name, value) }
        return parameters
    }
}

/// `cmd=rating` (later versions): the caller's score for a call, after it ended.
public struct RatingRequest: Sendable, Equatable {
    public var callid: String
    public var rating: Int
    public var user: String?
    public var ext: String?
    public var phone: PhoneNumber?

    public init(callid: String, rating: Int, user: String? = nil, ext: String? = nil, phone: PhoneNumber? = nil) {
        self.callid = callid
        self.rating = rating
        self.user = user
        self.ext = ext
        self.phone = phone
    }

    public init(parameters: PBXParameters, defaultCountry: CountryCode = .russia) throws(ProtocolError) {
        callid = try parameters.required("callid")
        rating = try parameters.count("rating", required: true) ?? 0
        user = parameters.optional("user")
        ext = parameters.optional("ext")
        phone = parameters.optional("phone").map { PhoneNumber($0, defaultCountry: defaultCountry) }
    }

    var parameters: PBXParameters {
        var parameters: PBXParameters = ["callid": callid, "rating": String(rating)]
        if let user { parameters.append("user", user) }
        if let ext { parameters.append("ext", ext) }
        if let phone { parameters.append("phone", phone.dialString) }
        return parameters
    }
}
