/// Scope 2 of one member over one reporting period (the whole period, a month), both
/// methods, annual and hourly (GHG Protocol Scope 2 Guidance; DOMAIN.md 5).
public struct Scope2Row: Sendable, Equatable {
    public var member: String
    /// `2023`, `2023-01`, ...
    public var period: String
    public var start: Timestamp
    public var end: Timestamp
    public var consumptionWh: Int64
    /// Green energy received over the direct line (emission rate 0 for wind and solar).
    public var directGreenWh: Int64
    public var gridImportWh: Int64
    /// Consumption covered by redeemed certificates produced in the period (at most the consumption).
    public var coveredWh: Int64
    /// `grid import x EF_location`, in grams.
    public var locationGrams: Int64
    /// `(consumption - covered) x EF_residual`, in grams.
    public var marketGrams: Int64
    /// Covered hour by hour: each hour only by certificates produced in that hour.
    public var hourlyCoveredWh: Int64
    /// `sum over hours of grid import_h x EF_location_h`, in grams.
    public var hourlyLocationGrams: Int64
    /// `sum over hours of (consumption_h - covered_h) x EF_residual_h`, in grams.
    public var hourlyMarketGrams: Int64
    /// Carbon-free energy matched hour by hour (Wh): `sum min(C_h, green_h + grid_h x grid CFE share)`.
    public var cfeWh: Int64

    /// The hourly CFE score: `cfe / consumption`.
    public var cfeScore: Ratio { Ratio(cfeWh, consumptionWh) }
}
