/// Where a committed change goes to reach the open event streams: straight into this process's
/// hub, or — when several instances share one database — through the database, so that every
/// instance's hub gets it under the same id.
public protocol LiveFeed: Sendable {
    func send(_ payload: LiveMessage.Payload, for manager: ManagerID?) async
}

extension CallHub: LiveFeed {
    public func send(_ payload: LiveMessage.Payload, for manager: ManagerID?) async {
        publish(payload, for: manager)
    }
}

/// What another instance sharing the database committed, for this process to follow.
public enum RemoteChange: Sendable, Equatable {
    /// A message for the event streams, with the id every instance gives it.
    case live(id: UInt64, manager: ManagerID?, payload: LiveMessage.Payload)
    /// The integration settings (the crm_token among them) changed.
    case settings
}
