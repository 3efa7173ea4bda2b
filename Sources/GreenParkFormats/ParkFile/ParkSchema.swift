import GreenParkCore

/// The keys of park-file schema version 1, section by section, in documentation order.
///
/// Unknown keys are errors; these lists are also the candidates of the "did you mean"
/// suggestions.
enum ParkSchema {
    static let version = 1
    static let rootKeys = [
        "version", "park", "members", "generators", "meters", "allocation", "contracts",
        "emission_factors", "certificates", "validation", "shared_costs", "settlement", "telemetry", "storage",
        "flexible_loads",
    ]
    static let parkKeys = [
        "id", "name", "timezone", "country", "region", "resolution_minutes", "connection", "policy_profile",
    ]
    static let memberKeys = ["id", "name", "meters", "share", "weight", "tier", "installations", "hydrogen"]
    static let installationKeys = ["id", "name", "address", "unlocode", "meters", "goods"]
    static let goodKeys = ["cn_code", "category"]
    static let hydrogenKeys = ["placed_in_service", "region"]
    static let generatorKeys = [
        "id", "name", "technology", "capacity_kw", "commissioned", "registered", "meter", "region",
        "emission_rate_kg_per_kwh",
    ]
    static let storageKeys = [
        "id", "name", "capacity_kwh", "charge_kw", "discharge_kw", "efficiency", "efficiency_from", "efficiency_to",
        "min_soc", "max_soc", "owner", "charge_meter", "discharge_meter",
    ]
    static let flexibleLoadKeys = [
        "id", "member", "energy_kwh_per_day", "window_start", "window_end", "min_kw", "max_kw",
    ]
    static let meterKeys = ["id", "max_kw", "register_rollover_kwh", "poll"]
    static let commonPollKeys = ["protocol", "host", "port", "period_seconds"]
    static let modbusPollKeys = [
        "unit_id", "function", "register", "type", "word_order", "scale_kwh", "serial_register",
    ]
    static let dlt645PollKeys = ["address", "di"]
    static let pollKeys = commonPollKeys + modbusPollKeys + dlt645PollKeys
    static let telemetryKeys = ["timeout_ms", "retries", "max_gap_minutes", "dead_after_failures"]
    /// DL/T 645 items a poll may read: the cumulative energy registers.
    static let dlt645EnergyItems: Set<UInt32> = [0x0000_0000, 0x0001_0000, 0x0002_0000]
    static let allocationKeys = ["key"]
    static let contractKeys = ["member", "generators"]
    static let emissionFactorKeys = ["year", "location", "residual", "cbam", "table", "hourly_location", "hourly_residual", "grid_cfe_share"]
    static let certificateKeys = ["scheme", "generators"]
    static let validationKeys = ["capacity_margin"]
    static let sharedCostKeys = ["id", "name", "annual_cost_fen", "method", "orders"]
    static let settlementKeys = ["tariff", "ppa", "export_price_fen_per_kwh", "td_fee_fen_per_kwh", "system_fee_fen_per_kwh",
                                 "capacity_charge_fen_per_month", "demand_charge_fen_per_kw_month", "vat_rate",
                                 "storage_prices", "demand_response_fen_per_kwh"]
    static let ppaKeys = ["generator", "price_fen_per_kwh", "tou_prices_fen_per_kwh"]
    static let storagePriceKeys = ["device", "price_fen_per_kwh"]

    /// Identifiers: ASCII letters, digits, `-` and `_`.
    static let identifierLength = 1...64
    /// Years accepted for `emission_factors.year`.
    static let factorYears = 1990...2100
    /// The largest capacity or meter limit: 1,000,000,000 kW (1 TW, beyond any plant);
    /// it keeps capacity x margin x seconds inside Int64.
    static let maximumKW = Fixed6(1_000_000_000)
    /// The largest register rollover: 100,000,000 kWh, the largest register value a
    /// readings file may hold (10^11 Wh).
    static let maximumRolloverKWh = Fixed6(100_000_000)
    /// Default of `emission_factors.year`.
    static let defaultFactorYear = 2023
    /// Default of `emission_factors.residual`.
    static let defaultResidual = "national-excl-nonfossil"
}
