extension AccessPolicy {
    /// Whether `principal` may send batches of readings at all: everybody but a verifier,
    /// who only reads.
    public func mayIngest(_ principal: Principal) -> Bool { principal.role != .verifier }

    /// The meters of `park` whose readings `principal` may send (nil: every meter, the
    /// operator): each meter's owner decided by ``decide(_:_:)`` for a write of readings.
    public func writableMeters(_ principal: Principal, park: Park) -> Set<String>? {
        if principal.role == .operator { return nil }
        return Set(park.meterCatalogue.map(\.id).filter { id in
            park.owner(ofMeter: id).map { decide(principal, AccessTarget(.readings, of: $0,
                write: true)) == .allow } ?? false
        })
    }
}
