/// A shared infrastructure item of the park (direct lines, substation, metering, the VPP
/// platform): its annual cost and how it is split among members (DOMAIN.md 6).
public struct SharedCost: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Annual cost in fen.
    public var annualCostFen: Int64
    public var method: CostSharingMethod
    /// `shapley-sampled`: the fixed number of orders sampled (an even number, in antithetic
    /// pairs), whatever the machine's speed.
    public var orders: Int

    public init(id: String, name: String, annualCostFen: Int64, method: CostSharingMethod,
                orders: Int = ShapleyCostSplit.defaultOrders) {
        self.id = id
        self.name = name
        self.annualCostFen = annualCostFen
        self.method = method
        self.orders = orders
    }

    /// The cost accrued from the start of a year to `seconds` into it:
    /// `annual x seconds / year`, rounded half to even. A period's cost is the difference of
    /// two such values, so the months of a year sum exactly to the annual cost.
    public func accrued(seconds: Int64, yearSeconds: Int64) -> Int64 {
        guard seconds < yearSeconds else { return annualCostFen }
        return Rounding.mulDivHalfEven(annualCostFen, seconds, yearSeconds)
    }
}

/// The `settlement:` section: the grid tariff, the PPA price of each generator, fees on
/// green energy, the export price, a monthly capacity charge and VAT (DOMAIN.md 6).
public struct SettlementSettings: Sendable, Equatable {
    /// A shipped tariff id, or a tariff file (`.yaml`) next to the park file.
    public var tariff: String
    /// PPA price per generator id, fen/kWh.
    public var ppa: [String: Fixed6]
    /// Time-of-use shaped PPA prices per generator id and tariff period, fen/kWh (these
    /// generators' energy is priced by the interval's period instead of `ppa`).
    public var ppaByPeriod: [String: [String: Fixed6]] = [:]
    /// Two-part tariff: demand charge per kW of each member's largest grid demand in the
    /// month, fen per kW and month (0: none).
    public var demandChargeFenPerKW: Fixed6 = .zero
    /// Surplus fed to the grid, fen/kWh (paid to the generator).
    public var exportPrice: Fixed6
    /// Transmission and distribution fee on green energy, fen/kWh.
    public var transmissionFee: Fixed6
    /// System operation fee on green energy, fen/kWh.
    public var systemFee: Fixed6
    /// Capacity charge per member and billing month, fen.
    public var capacityChargeFen: Int64
    /// VAT rate on each invoice's net amount.
    public var vatRate: Fixed6
    /// What a member pays per kWh taken from a storage device, by device id, fen/kWh; a
    /// device without one is priced at ``defaultStoragePrice(generators:)``.
    public var storagePrices: [String: Fixed6] = [:]
    /// What a member is paid per kWh of flexibility it delivered in the park's demand-response
    /// events, fen/kWh, credited on its bill (nil: events are settled only by `dr settle`).
    public var demandResponseIncentive: Fixed6?

    public init(tariff: String, ppa: [String: Fixed6], exportPrice: Fixed6 = .zero, transmissionFee: Fixed6 = .zero, systemFee: Fixed6 = .zero,
                capacityChargeFen: Int64 = 0, vatRate: Fixed6 = Fixed6(millionths: 130_000)) {
        self.tariff = tariff
        self.ppa = ppa
        self.exportPrice = exportPrice
        self.transmissionFee = transmissionFee
        self.systemFee = systemFee
        self.capacityChargeFen = capacityChargeFen
        self.vatRate = vatRate
    }
}
