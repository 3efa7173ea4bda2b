extension AccessPolicy {
    /// Who may do what on the park's OpenADR 3 VTN (docs/demand-response.md):
    ///
    /// - the **operator** is the business logic (BL): it writes programs and events, reads
    ///   everything, and may write subscriptions and VENs; reports are the VENs' to write
    ///   (forbidden, 403);
    /// - a **member** is a VEN: it reads programs and events, writes reports, subscriptions and
    ///   VENs as their owner, and reads, changes or deletes only its own (another member's
    ///   are hidden, 404, so that their existence does not leak); writing a program or an event
    ///   is forbidden (403);
    /// - a **generator** or a **verifier** takes no part in demand response (403).
    ///
    /// `owner` is the member an existing owned object belongs to (nil: the operator's), or for
    /// a new one the member it would belong to; it does not matter for programs and events.
    public func decideDemandResponse(_ principal: Principal, _ kind: DemandResponseKind, write: Bool,
                                     owner: String?) -> AccessDecision {
        switch principal.role {
        case .operator:
            return write && kind == .report ? .forbidden : .allow
        case .member:
            guard kind.isOwned else { return write ? .forbidden : .allow }
            return owner == principal.subject ? .allow : .hidden
        case .generator, .verifier:
            return .forbidden
        }
    }
}
