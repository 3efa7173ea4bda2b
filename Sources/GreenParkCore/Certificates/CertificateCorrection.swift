/// What a correction of an issued production period changed (DOMAIN.md 4: certificates only
/// from metered generation): the metered generation and allocations before and after, the
/// certificates issued, moved back, given or withdrawn, the debit left on the device's next
/// issuance, and the redemption statements that redeemed certificates the corrected
/// figures no longer cover.
public struct CertificateCorrection: Sendable, Equatable {
    /// `C-<park>-<n>`.
    public let id: String
    public let scheme: CertificateScheme
    public let device: String
    public let productionStart: Timestamp
    public let productionEnd: Timestamp
    public let meteredBeforeWh: Int64
    public let meteredAfterWh: Int64
    /// Members whose allocation from the device in the period changed: Wh before and after.
    public internal(set) var allocations: [Allocation]
    /// Imports whose revisions changed the period's readings (import log numbers).
    public let revisions: [Int64]
    /// Certificates issued in addition (the generation was corrected upwards).
    public internal(set) var issued: Int64 = 0
    /// Certificates withdrawn (cancelled) from the device's account.
    public internal(set) var withdrawn: Int64 = 0
    /// Certificates members gave back to the device (their allocation went down).
    public internal(set) var returned: Int64 = 0
    /// Certificates members received in addition (their allocation went up).
    public internal(set) var given: Int64 = 0
    /// Wh of generation that certificates already redeemed stand for but the corrected
    /// readings do not show: the device's next issuances are lowered by it.
    public internal(set) var debitWh: Int64 = 0
    /// Statements that redeemed certificates of the period beyond the corrected figures.
    public internal(set) var flaggedStatements: [String] = []
    public let at: Timestamp

    public struct Allocation: Sendable, Equatable {
        public let member: String
        public let beforeWh: Int64
        public let afterWh: Int64

        public init(member: String, beforeWh: Int64, afterWh: Int64) {
            self.member = member
            self.beforeWh = beforeWh
            self.afterWh = afterWh
        }
    }

    public init(id: String, scheme: CertificateScheme, device: String, productionStart: Timestamp,
                productionEnd: Timestamp, meteredBeforeWh: Int64, meteredAfterWh: Int64, allocations: [Allocation],
                revisions: [Int64], issued: Int64 = 0, withdrawn: Int64 = 0, returned: Int64 = 0, given: Int64 = 0,
                debitWh: Int64 = 0, flaggedStatements: [String] = [], at: Timestamp) {
        self.id = id
        self.scheme = scheme
        self.device = device
        self.productionStart = productionStart
        self.productionEnd = productionEnd
        self.meteredBeforeWh = meteredBeforeWh
        self.meteredAfterWh = meteredAfterWh
        self.allocations = allocations
        self.revisions = revisions
        self.issued = issued
        self.withdrawn = withdrawn
        self.returned = returned
        self.given = given
        self.debitWh = debitWh
        self.flaggedStatements = flaggedStatements
        self.at = at
    }

    /// One line for people: what changed and what was done about it.
    public var summary: String {
        var parts = ["\(id): \(device) \(scheme.rawValue) \(productionStart.iso8601) to \(productionEnd.iso8601): "
            + "metered \(meteredBeforeWh) -> \(meteredAfterWh) Wh"]
        if !allocations.isEmpty {
            parts.append("allocation " + allocations.map { "\($0.member) \($0.beforeWh) -> \($0.afterWh) Wh" }
                .joined(separator: ", "))
        }
        if issued > 0 { parts.append("\(issued) certificates issued") }
        if given > 0 { parts.append("\(given) transferred to members") }
        if returned > 0 { parts.append("\(returned) returned by members") }
        if withdrawn > 0 { parts.append("\(withdrawn) withdrawn") }
        if debitWh > 0 { parts.append("\(debitWh) Wh debited from the device's next issuance") }
        if !flaggedStatements.isEmpty { parts.append("statements flagged: \(flaggedStatements.joined(separator: ", "))") }
        if !revisions.isEmpty { parts.append("revisions of import \(revisions.map { "#\($0)" }.joined(separator: ", "))") }
        return parts.joined(separator: "; ")
    }
}
