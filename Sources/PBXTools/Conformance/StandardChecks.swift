extension ConformanceCheck {
    /// Every check of PROTOCOL.md, then what real PBXes send, in the order they run: the burst last.
    public static var standard: [ConformanceCheck] {
        ["users", "user", "contact", "event", "history", "rating"].map(everyEncoding)
            + [
                missingToken, wrongToken, tokenBeforeParameters,
                missingParameters, unknownCommand, unknownEventType,
                successContentType, errorContentType,
                usersShape, unknownContact, knownContact,
                historyIdempotent, missedLowercase, startTimestamp, historyLaterFields,
                repeatedEvents, acceptedFirst, lateIncoming, ringGroup, laterEventTypes,
            ]
            + realWorld + [bodySizeLimit, contactLatency]
    }
}
