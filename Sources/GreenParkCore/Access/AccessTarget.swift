/// What one request reads or changes: the kind of data, whose it is, and whether it
/// changes anything. The server names a target per route; ``AccessPolicy`` decides.
public struct AccessTarget: Sendable, Equatable {
    /// Kinds of data in the park's server.
    public enum Kind: String, Sendable, CaseIterable {
        /// The park's name, zone and resolution.
        case park
        /// A member's entry in the park (its name and meters).
        case member
        case meters
        case readings
        case allocations
        case certificates
        case invoices
        /// Scope 2, CBAM and the monthly summary.
        case reports
        case evidence
        /// The ledger's entries and its verification.
        case ledger
        /// Data-sharing agreements and the log of verifiers' reads.
        case grants
        /// Users and their tokens.
        case users
    }

    /// Whose data it is.
    public enum Owner: Sendable, Equatable {
        case park
        case member(String)
        case generator(String)
    }

    public let kind: Kind
    public let owner: Owner
    public let isWrite: Bool

    public init(_ kind: Kind, of owner: Owner, write: Bool = false) {
        self.kind = kind
        self.owner = owner
        self.isWrite = write
    }

    /// The grant scope a verifier needs to read this kind (nil: no grant lets a verifier read it).
    public var scope: GrantScope? {
        switch kind {
        case .member, .meters, .readings: .readings
        case .allocations, .reports: .reports
        case .certificates: .certificates
        case .invoices: .invoices
        case .evidence: .evidence
        case .park, .ledger, .grants, .users: nil
        }
    }
}
