/// The `allocation:` section.
public struct AllocationSettings: Sendable, Equatable {
    public var key: AllocationKeyName

    public init(key: AllocationKeyName = .proRata) { self.key = key }
}

/// The allocation keys of DOMAIN.md 3.
public enum AllocationKeyName: String, Sendable, CaseIterable {
    case proRata = "pro-rata"
    case `static`
    case weighted
    case priority
}

/// The `emission_factors:` section: which row of the factor table applies.
public struct EmissionFactorSettings: Sendable, Equatable {
    /// Year of the factor table row.
    public var year: Int
    /// Location-based factor: a region name of the table or a number (kg CO2/kWh).
    public var location: FactorChoice
    /// Residual-mix factor for the market-based method.
    public var residual: FactorChoice

    public init(year: Int = 2023, location: FactorChoice = .table("national"), residual: FactorChoice = .table("national-excl-nonfossil")) {
        self.year = year
        self.location = location
        self.residual = residual
    }
}

/// A factor given by name (a row of the shipped table) or as a number in kg CO2/kWh.
public enum FactorChoice: Sendable, Equatable {
    case table(String)
    case value(Fixed6)
}

/// The `certificates:` section.
public struct CertificateSettings: Sendable, Equatable {
    public var scheme: CertificateScheme

    public init(scheme: CertificateScheme = .gec) { self.scheme = scheme }
}

/// Certificate schemes of DOMAIN.md 4.
public enum CertificateScheme: String, Sendable, CaseIterable {
    case gec
    case irec
    case granular
}

/// The optional `validation:` section: how strict the import checks are.
public struct ValidationSettings: Sendable, Equatable {
    /// A generator reading may exceed its AC capacity by this fraction before it is
    /// rejected as implausible (default 0.10: metering tolerance and short overloads).
    public var capacityMargin: Fixed6

    public init(capacityMargin: Fixed6 = Fixed6(millionths: 100_000)) {
        self.capacityMargin = capacityMargin
    }
}
