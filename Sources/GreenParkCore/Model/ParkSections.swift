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

/// The `emission_factors:` section: which rows of the factor table apply, and optional
/// user data (a factor table, hourly series) next to the park file.
public struct EmissionFactorSettings: Sendable, Equatable {
    /// Year of the factor table row.
    public var year: Int
    /// Location-based factor: a region name of the table or a number (kg CO2/kWh).
    public var location: FactorChoice
    /// Residual-mix factor for the market-based method.
    public var residual: FactorChoice
    /// Grid factor of CBAM indirect emissions where no actual factor applies.
    public var cbam: FactorChoice
    /// A user factor table (CSV, same columns as the shipped one), path relative to the park
    /// file; its rows replace shipped rows of the same year and name.
    public var table: String?
    /// Hourly location-based factors (CSV `hour_start,kg_per_kwh`), path relative to the park file.
    public var hourlyLocation: String?
    /// Hourly residual-mix factors, same format.
    public var hourlyResidual: String?
    /// Carbon-free share of grid electricity for the 24/7 CFE score (0 to 1).
    public var gridCFEShare: Fixed6

    public init(year: Int = 2023, location: FactorChoice = .table("national"), residual: FactorChoice = .table("national-excl-nonfossil"),
                cbam: FactorChoice = .table("cbam_grid_default"), table: String? = nil, hourlyLocation: String? = nil,
                hourlyResidual: String? = nil, gridCFEShare: Fixed6 = Fixed6(0)) {
        self.year = year
        self.location = location
        self.residual = residual
        self.cbam = cbam
        self.table = table
        self.hourlyLocation = hourlyLocation
        self.hourlyResidual = hourlyResidual
        self.gridCFEShare = gridCFEShare
    }
}

/// A factor given by name (a row of the shipped table) or as a number in kg CO2/kWh.
public enum FactorChoice: Sendable, Equatable {
    case table(String)
    case value(Fixed6)
}

/// The `certificates:` section: the park's scheme, and generators registered in another
/// one (a device's production is certified in one scheme only).
public struct CertificateSettings: Sendable, Equatable {
    public var scheme: CertificateScheme
    /// Generators whose production is certified in another scheme than `scheme`.
    public var generatorSchemes: [String: CertificateScheme]

    public init(scheme: CertificateScheme = .gec, generatorSchemes: [String: CertificateScheme] = [:]) {
        self.scheme = scheme
        self.generatorSchemes = generatorSchemes
    }

    /// The scheme `generator`'s production is certified in.
    public func scheme(of generator: String) -> CertificateScheme { generatorSchemes[generator] ?? scheme }
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
