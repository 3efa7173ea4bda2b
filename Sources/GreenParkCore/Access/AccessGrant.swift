/// A data-sharing agreement: member `member` lets verifier `verifier` read what `scopes`
/// name until `until` (exclusive). It lives on the ledger: an `agreement` entry makes it
/// (its id is that entry's sequence number) and another revokes it (``AccessGrant+Ledger``).
public struct AccessGrant: Sendable, Equatable {
    public let id: Int64
    public let member: String
    public let verifier: String
    public let scopes: Set<GrantScope>
    public let createdAt: Timestamp
    public let until: Timestamp
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
