import GreenParkCore

/// What a day's schedule is decided from (docs/schedules.md): the park's expected load and
/// generation per interval, its storage devices and members' flexible loads, the prices
/// and the policy limits. Energies in Wh per interval, prices in fen per kWh.
public struct ScheduleInput: Sendable {
    /// What the schedule optimises.
    public enum Objective: String, Sendable, CaseIterable {
        /// Most green energy reaching the members, hour by hour (CFE); storage charges only
        /// from the park's generation.
        case matching
        /// Lowest total of the members' bills: grid import at the TOU price, green energy at
        /// the PPA price, export at the export price; storage may charge from the grid.
        case cost
        /// The 650号 ratios (self-consumption, green share) met with the least curtailment.
        case policy
    }

    public var objective: Objective
    /// Seconds per interval.
    public var step: Int64
    /// The park's load per interval, all members together, flexible loads at their baseline.
    public var load: [Int64]
    /// The park's generation per interval.
    public var generation: [Int64]
    /// Storage devices with their state of charge at the start, in Wh.
    public var storage: [(device: StorageDevice, initialWh: Int64)]
    /// Flexible loads with the intervals of the day their window covers.
    public var flexible: [(load: FlexibleLoad, window: Range<Int>)]
    /// Grid import price per interval, export price and PPA price (fen per kWh).
    public var importPrice: [Double]
    public var exportPrice: Double
    public var ppaPrice: Double
    /// Highest share of generation that may be fed into the grid over the day (a province's
    /// cap, e.g. 0.2), or nil.
    public var feedInCap: Fixed6?
    /// For ``Objective/policy``: the lowest self-consumption ratio and green share to meet.
    public var minimumSelfConsumption: Fixed6?
    public var minimumGreenShare: Fixed6?
    /// Demand-response limits on the park's grid import per interval, Wh (nil: none). A
    /// limit is kept where the devices and flexible loads can keep it; what they cannot is
    /// imported all the same at a penalty far above any price (``ScheduleFormulation``).
    public var importLimit: [Int64?] = []

    public init(objective: Objective, step: Int64, load: [Int64], generation: [Int64],
                storage: [(device: StorageDevice, initialWh: Int64)] = [],
                flexible: [(load: FlexibleLoad, window: Range<Int>)] = [], importPrice: [Double],
                exportPrice: Double = 0, ppaPrice: Double = 0, feedInCap: Fixed6? = nil,
                minimumSelfConsumption: Fixed6? = nil, minimumGreenShare: Fixed6? = nil) {
        self.objective = objective
        self.step = step
        self.load = load
        self.generation = generation
        self.storage = storage
        self.flexible = flexible
        self.importPrice = importPrice
        self.exportPrice = exportPrice
        self.ppaPrice = ppaPrice
        self.feedInCap = feedInCap
        self.minimumSelfConsumption = minimumSelfConsumption
        self.minimumGreenShare = minimumGreenShare
    }

    public var intervalCount: Int { load.count }

    /// Each flexible load's baseline: its energy evenly over its window (largest remainder).
    public func baseline(of f: Int) -> [Int64] {
        let (load, window) = flexible[f]
        var out = [Int64](repeating: 0, count: intervalCount)
        let parts = LargestRemainder.shares(of: load.energyWhPerDay, weights: Array(repeating: 1, count: window.count))
        for (k, t) in window.enumerated() { out[t] = parts[k] }
        return out
    }
}
