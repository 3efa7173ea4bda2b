/// The record of a redemption: which certificates were retired, for whom, for what, and
/// which hours of the beneficiary's consumption they cover.
public struct RedemptionStatement: Sendable, Equatable {
    public var id: String
    public var beneficiary: String
    public var location: String
    public var periodLabel: String
    public var periodStart: Timestamp
    public var periodEnd: Timestamp
    public var purpose: String
    public var scheme: CertificateScheme
    public var redeemedAt: Timestamp
    public var certificates: [CertificateRange]
    /// The consumption covered, hour by hour; `nil` for a statement stored before
    /// GreenPark recorded coverage (the Quality Criteria then fail "unique claim").
    public var coverage: ClaimCoverage?
    /// Corrections of the readings that flagged it: it redeemed certificates of a period whose
    /// corrected generation or allocation no longer stands behind them.
    public var flags: [String] = []
    public var volumeWh: Int64 { certificates.reduce(0) { $0 + $1.volumeWh } }

    public init(id: String, beneficiary: String, location: String, periodLabel: String, periodStart: Timestamp,
                periodEnd: Timestamp, purpose: String, scheme: CertificateScheme, redeemedAt: Timestamp,
                certificates: [CertificateRange], coverage: ClaimCoverage? = nil) {
        self.id = id
        self.beneficiary = beneficiary
        self.location = location
        self.periodLabel = periodLabel
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.purpose = purpose
        self.scheme = scheme
        self.redeemedAt = redeemedAt
        self.certificates = certificates
        self.coverage = coverage
    }
}
