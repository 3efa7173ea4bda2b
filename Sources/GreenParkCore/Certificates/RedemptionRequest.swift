/// What a member asks to redeem (retire) for a reporting period.
public struct RedemptionRequest: Sendable {
    public var beneficiary: String
    public var location: String
    /// The reporting period, e.g. a local calendar year, and its label ("2023").
    public var periodStart: Timestamp
    public var periodEnd: Timestamp
    public var periodLabel: String
    public var purpose: String
    public var scheme: CertificateScheme
    /// Wh to cover; `nil` covers as much of the uncovered consumption as the member's
    /// certificates can.
    public var volumeWh: Int64?
    /// The beneficiary's metered consumption in the period, hour by hour, and what earlier
    /// redemptions cover: no claim may go beyond it.
    public var room: ClaimRoom

    public init(beneficiary: String, location: String, periodStart: Timestamp, periodEnd: Timestamp,
                periodLabel: String, purpose: String, scheme: CertificateScheme, volumeWh: Int64? = nil, room: ClaimRoom) {
        self.beneficiary = beneficiary
        self.location = location
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.periodLabel = periodLabel
        self.purpose = purpose
        self.scheme = scheme
        self.volumeWh = volumeWh
        self.room = room
    }
}
