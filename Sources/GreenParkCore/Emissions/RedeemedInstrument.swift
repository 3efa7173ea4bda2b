/// Certificates redeemed for a member, as Scope 2 sees them: a volume and the production
/// period it comes from. An instrument covers consumption only in a reporting period
/// (year, month or hour) that contains its whole production period: a monthly GEC never
/// covers a single hour; an hourly granular certificate covers its own hour.
public struct RedeemedInstrument: Sendable, Equatable {
    public var statement: String
    public var productionStart: Timestamp
    public var productionEnd: Timestamp
    public var volumeWh: Int64
    /// The emission rate the certificate conveys (its device's, ``DirectRates``; 0 for wind,
    /// solar and hydro): market-based Scope 2 counts the energy it covers at this rate.
    /// `nil` when unknown: such an instrument covers nothing (never counted as 0).
    public var kgPerKWh: Fixed6?

    public init(statement: String, productionStart: Timestamp, productionEnd: Timestamp, volumeWh: Int64,
                kgPerKWh: Fixed6? = .zero) {
        self.statement = statement
        self.productionStart = productionStart
        self.productionEnd = productionEnd
        self.volumeWh = volumeWh
        self.kgPerKWh = kgPerKWh
    }

    /// The instruments of the statements whose beneficiary is `member`; `rates` are the
    /// park's known device rates (``DirectRates/byDevice(_:)``).
    public static func of(_ statements: [RedemptionStatement], member: String,
                          rates: [String: Fixed6] = [:]) -> [RedeemedInstrument] {
        statements.filter { $0.beneficiary == member }.flatMap { s in
            s.certificates.map {
                RedeemedInstrument(statement: s.id, productionStart: $0.productionStart,
                                   productionEnd: $0.productionEnd, volumeWh: $0.volumeWh,
                                   kgPerKWh: rate(device: $0.device, technology: $0.technology, rates: rates))
            }
        }
    }

    /// The rate a certificate of `device` conveys: the device's known rate, else 0 for a
    /// technology with a known zero rate, else unknown (`nil`).
    public static func rate(device: String, technology: String, rates: [String: Fixed6]) -> Fixed6? {
        rates[device] ?? (Generator.Technology(rawValue: technology)?.hasKnownZeroRate == true ? .zero : nil)
    }
}
