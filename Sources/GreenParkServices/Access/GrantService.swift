import GreenParkCore

/// Data-sharing agreements (`greenpark grants`, docs/server.md): a member lets a verifier
/// read some of its data until a date. Each is an `agreement` entry on the signed ledger;
/// revoking one appends another; the grants in force are read back from the ledger.
public struct GrantService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    /// Records that `member` lets `verifier` read `scopes` until `until`, signed with `key`.
    public func add(member: String, verifier: String, until: Timestamp, scopes: Set<GrantScope>,
                    key: OperatorKey) throws -> AccessGrant {
        let park = context.park, now = context.now()
        guard park.members.contains(where: { $0.id == member }) else {
            throw ServiceError("grants.unknown-member", "the park has no member '\(member)'; members are "
                + park.members.map(\.id).joined(separator: ", "))
        }
        let grant = try AccessGrant(member: member, verifier: verifier, scopes: scopes, createdAt: now, until: until)
        _ = try context.stores.certificates.update(parkId: park.settings.id, sealingWith: LedgerAppender(key: key),
                                                   at: now) { update in try update.add([grant.ledgerEvent]) }
        guard let stored = try grants().last(where: {
            $0.member == member && $0.verifier == verifier && $0.createdAt == now && $0.until == until
        }) else { throw ServiceError("grants.lost", "the agreement was not found on the ledger", badInput: false) }
        return stored
    }

    /// Revokes grant `id` from now on, signed with `key`.
    public func revoke(id: Int64, key: OperatorKey) throws -> AccessGrant {
        guard let grant = try grants().first(where: { $0.id == id }) else {
            throw ServiceError("grants.not-found", "there is no grant \(id); `greenpark grants list` shows them")
        }
        guard grant.revokedAt == nil else { return grant }
        let now = context.now()
        _ = try context.stores.certificates.update(parkId: context.park.settings.id,
                                                   sealingWith: LedgerAppender(key: key), at: now) { update in
            try update.add([grant.revocationEvent(at: now)])
        }
        return try grants().first { $0.id == id } ?? grant
    }

    /// Every grant made, oldest first, with its revocation.
    public func grants() throws -> [AccessGrant] {
        AccessGrant.fromLedger(try context.stores.certificates.agreementEntries())
    }

    /// Logs a verifier's read of a member's data.
    public func logRead(verifier: String, member: String, grant: Int64, resource: String) throws {
        try context.stores.accessLog.logRead(VerifierRead(time: context.now(), verifier: verifier, member: member,
                                                          grant: grant, resource: resource))
    }

    /// The reads verifiers made of `member`'s data in `[from, to)`.
    public func reads(member: String, from: Timestamp, to: Timestamp, offset: Int,
        limit: Int) throws -> [VerifierRead] {
        try context.stores.accessLog.verifierReads(member: member, from: from, to: to, offset: offset, limit: limit)
    }
}
