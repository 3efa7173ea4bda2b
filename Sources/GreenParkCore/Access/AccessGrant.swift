/// A data-sharing agreement: member `member` lets verifier `verifier` read what `scopes`
/// name until `until` (exclusive). It lives on the ledger: an `agreement` entry makes it
/// (its id is that entry's sequence number) and another revokes it (``AccessGrant+Ledger``).
public struct AccessGrant: Sendable, Equatable {
    /// The sequence number of the ledger entry that made the grant.
    public let id: Int64
    /// The member whose data is shared.
    public let member: String
    /// The verifier's id (as its users are added with `--verifier`).
    public let verifier: String
    /// What the verifier may read.
    public let scopes: Set<GrantScope>
    /// When the grant was made: it holds from then.
    public let createdAt: Timestamp
    /// The grant holds until this instant (exclusive).
    public let until: Timestamp
    /// When it was revoked (nil: not revoked); it holds no more from then.
    public let revokedAt: Timestamp?

    /// A grant; refuses an empty scope, an end not after its start and ids that are not ids.
    public init(id: Int64 = 0, member: String, verifier: String, scopes: Set<GrantScope>, createdAt: Timestamp,
                until: Timestamp, revokedAt: Timestamp? = nil) throws {
        guard Principal.isIdentifier(member), Principal.isIdentifier(verifier) else {
            throw AccessProblem(.badGrant, "member and verifier must be ids: 1 to 64 letters, digits, '-' and '_'")
        }
        guard !scopes.isEmpty else { throw AccessProblem(.badGrant, "a grant needs at least one scope") }
        guard until > createdAt else {
            throw AccessProblem(.badGrant, "the grant would end (\(until.iso8601)) before it begins "
                + "(\(createdAt.iso8601)); give a later --until")
        }
        self.id = id
        self.member = member
        self.verifier = verifier
        self.scopes = scopes
        self.createdAt = createdAt
        self.until = until
        self.revokedAt = revokedAt
    }

    /// Whether the grant lets its verifier read `scope` at `time`.
    public func allows(_ scope: GrantScope, at time: Timestamp) -> Bool {
        scopes.contains(scope) && createdAt <= time && time < until && (revokedAt.map { time < $0 } ?? true)
    }

    /// The ledger event that records the agreement.
    public var ledgerEvent: LedgerEvent {
        LedgerEvent(kind: .agreement, data: [
            "action": .string("grant"), "member": .string(member), "verifier": .string(verifier),
            "scopes": .array(scopes.sorted().map { .string($0.rawValue) }),
            "from": .string(createdAt.iso8601), "until": .string(until.iso8601),
        ])
    }
}
