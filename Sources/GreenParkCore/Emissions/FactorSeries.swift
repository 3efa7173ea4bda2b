/// An emission factor for every hour of a period: one table row for all hours, or an
/// hourly series (user data) where one is given. Values in kg CO2/kWh = g CO2/Wh.
public struct FactorSeries: Sendable, Equatable {
    /// The annual row (used for annual figures, and for hours the series does not cover).
    public var annual: EmissionFactor
    /// Factor per hour of the period, when an hourly series was given.
    public var hourly: [Fixed6]?
    /// Where the hourly values come from.
    public var hourlySource: String?

    public init(annual: EmissionFactor, hourly: [Fixed6]? = nil, hourlySource: String? = nil) {
        self.annual = annual
        self.hourly = hourly
        self.hourlySource = hourlySource
    }

    /// The factor of hour `h` in millionths of kg CO2/kWh.
    public func millionths(hour h: Int) -> Int64 {
        guard let hourly, h < hourly.count else { return annual.kgPerKWh.millionths }
        return hourly[h].millionths
    }
}

/// Sums energy x factor exactly and rounds once, half to even, to whole grams.
public struct GramAccumulator: Sendable {
    private var total: Int128 = 0

    public init() {}

    /// Adds `wh` at `millionths` millionths of a g/Wh.
    public mutating func add(wh: Int64, millionths: Int64) { total += Int128(wh) * Int128(millionths) }

    /// Adds micrograms (energy x factor already formed, as ``HourlyEnergy/directMicrograms``).
    public mutating func add(micrograms: Int128) { total += micrograms }

    /// The sum in grams, rounded half to even.
    public var grams: Int64 {
        let scale = Int128(Fixed6.scale)
        var q = total / scale
        let r = total - q * scale
        if r * 2 > scale || (r * 2 == scale && q % 2 != 0) { q += 1 }
        return Int64(q)
    }

    /// The sum in Wh-equivalents, rounded down (used for CFE energy: Wh x share).
    public var floorUnits: Int64 { Int64(total / Int128(Fixed6.scale)) }
}
