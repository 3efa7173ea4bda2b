/// Certificates redeemed for a member, as Scope 2 sees them: a volume and the production
/// period it comes from. An instrument covers consumption only in a reporting period
/// (year, month or hour) that contains its whole production period: a monthly GEC never
/// covers a single hour; an hourly granular certificate covers its own hour.
public struct RedeemedInstrument: Sendable, Equatable {
    public var statement: String
    public var productionStart: Timestamp
    public var productionEnd: Timestamp
    public var volumeWh: Int64

    public init(statement: String, productionStart: Timestamp, productionEnd: Timestamp, volumeWh: Int64) {
        self.statement = statement
        self.productionStart = productionStart
        self.productionEnd = productionEnd
        self.volumeWh = volumeWh
    }

    /// The instruments of the statements whose beneficiary is `member`.
    public static func of(_ statements: [RedemptionStatement], member: String) -> [RedeemedInstrument] {
        statements.filter { $0.beneficiary == member }.flatMap { s in
            s.certificates.map { RedeemedInstrument(statement: s.id, productionStart: $0.productionStart, productionEnd: $0.productionEnd, volumeWh: $0.volumeWh) }
        }
    }
}
