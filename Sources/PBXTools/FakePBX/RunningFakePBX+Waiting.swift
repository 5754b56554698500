extension RunningFakePBX {
    /// Waits, at most `limit`, until the call `callid` has been played back to the CRM (whatever it
    /// answered) and filed in the PBX's history; false when it has not by then.
    public func playedBack(_ callid: String, within limit: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if await state.snapshot().playbacks.first(where: { $0.callid == callid })?.finished == true { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
