/// A contiguous run of certificates with one owner and one status: serials
/// `firstSerial...lastSerial` of one issuance. Registries keep certificates as such
/// ranges; a transfer or redemption of part of a range splits it.
public struct CertificateRange: Sendable, Equatable {
    /// The issuance the certificates belong to (device, scheme, production period, ...).
    public internal(set) var issue: CertificateIssue
    public internal(set) var firstSerial: Int64
    public internal(set) var lastSerial: Int64
    /// A member id, or the generator's id for its own account.
    public internal(set) var owner: String
    public internal(set) var status: Status

    public enum Status: Sendable, Equatable {
        case active
        /// Retired under a redemption statement: final.
        case redeemed(statement: String)
        /// Cancelled by a correction of the metered generation it was issued for: final.
        case withdrawn(correction: String)
        /// Cancelled when a storage device charged the energy they certify (DOMAIN.md 4a),
        /// linked to that storage charge record: final.
        case cancelled(storageRecord: String)
    }

    public init(issue: CertificateIssue, firstSerial: Int64, lastSerial: Int64, owner: String, status: Status) {
        self.issue = issue
        self.firstSerial = firstSerial
        self.lastSerial = lastSerial
        self.owner = owner
        self.status = status
    }

    public var scheme: CertificateScheme { issue.scheme }
    public var device: String { issue.device }
    public var technology: String { issue.technology }
    public var country: String { issue.country }
    public var region: String { issue.region }
    public var commissioned: CivilDate { issue.commissioned }
    public var productionStart: Timestamp { issue.productionStart }
    public var productionEnd: Timestamp { issue.productionEnd }
    public var unitWh: Int64 { issue.unitWh }
    public var issuedAt: Timestamp { issue.issuedAt }
    public var issuer: String { issue.issuer }
    public var origin: String { issue.origin }
    public var isActive: Bool { status == .active }
    public var isRedeemed: Bool { if case .redeemed = status { true } else { false } }
    public var isWithdrawn: Bool { if case .withdrawn = status { true } else { false } }
    public var isCancelled: Bool { if case .cancelled = status { true } else { false } }

    public var count: Int64 { lastSerial - firstSerial + 1 }
    public var volumeWh: Int64 { count * issue.unitWh }

    public var firstId: String { issue.id(firstSerial) }
    public var lastId: String { issue.id(lastSerial) }

    /// Splits off the first `count` certificates: returns them, and `self` keeps the rest.
    mutating func takeFirst(_ count: Int64) -> CertificateRange {
        precondition(count > 0 && count <= self.count)
        var head = self
        head.lastSerial = firstSerial + count - 1
        firstSerial += count
        return head
    }
}
