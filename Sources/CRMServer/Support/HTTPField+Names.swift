import HTTPTypes

/// Header names HTTPTypes does not predefine.
extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let secFetchSite = Self("Sec-Fetch-Site")!
    /// Tells nginx and friends not to buffer the event stream.
    static let xAccelBuffering = Self("X-Accel-Buffering")!
    static let lastEventID = Self("Last-Event-ID")!
}
