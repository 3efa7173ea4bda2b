/// Grid emission factors as data (DOMAIN.md 5): rows by year and name (`national`,
/// `east`, `national-excl-nonfossil`, ...), in kg CO2 per kWh, with their source. The
/// shipped table lives in `GreenParkFormats/Resources/emission-factors.csv`.
public struct EmissionFactorTable: Sendable, Equatable {
    public var rows: [EmissionFactor]

    public init(rows: [EmissionFactor]) { self.rows = rows }

    /// The factor a park's `emission_factors` choice names for `year`: a table row, or a
    /// number given in the park file.
    public func resolve(_ choice: FactorChoice, year: Int) throws -> EmissionFactor {
        switch choice {
        case .value(let value):
            return EmissionFactor(year: year, name: "park file", kind: "given", kgPerKWh: value, source: "value given in the park file")
        case .table(let name):
            if let row = rows.first(where: { $0.year == year && $0.name == name }) { return row }
            let names = rows.filter { $0.year == year }.map(\.name)
            throw AllocationSetupError(message: "no emission factor \"\(name)\" for \(year) in the factor table (\(year) has: \(names.isEmpty ? "no rows" : names.joined(separator: ", "))); set emission_factors to another row, another year, or a number in kg CO2/kWh")
        }
    }
}

/// One row of an ``EmissionFactorTable``.
public struct EmissionFactor: Sendable, Equatable {
    /// The largest factor or emission rate GreenPark accepts: 10 kg CO2/kWh (coal plants
    /// emit about 1). It keeps energy x factor inside Int64 grams (see
    /// ``PeriodData/maximumTotalWh``).
    public static let maximumKgPerKWh = Fixed6(10)

    public var year: Int
    public var name: String
    /// `location` (grid average), `residual` (residual-mix proxy) or `given`.
    public var kind: String
    /// kg CO2 per kWh, exact (which is also g CO2 per Wh).
    public var kgPerKWh: Fixed6
    public var source: String
    /// The source in Chinese, for Chinese reports (shipped rows have one).
    public var sourceZh: String?

    public init(year: Int, name: String, kind: String, kgPerKWh: Fixed6, source: String, sourceZh: String? = nil) {
        self.year = year
        self.name = name
        self.kind = kind
        self.kgPerKWh = kgPerKWh
        self.source = source
        self.sourceZh = sourceZh
    }

    /// Emissions of `wh` in grams, rounded half-to-even: `wh * factor` (g/Wh).
    public func grams(ofWh wh: Int64) -> Int64 {
        Rounding.mulDivHalfEven(wh, kgPerKWh.millionths, Fixed6.scale)
    }
}
