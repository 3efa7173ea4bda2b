/// The inputs of an allocation run: per interval the consumption of every member and the
/// generation of every generator, as contiguous interval-major arrays, and which
/// intervals take part.
public struct AllocationProblem: Sendable {
    public var memberCount: Int
    public var generatorCount: Int
    public var intervalCount: Int
    /// `consumption[t * memberCount + i]`: member i's metered consumption in interval t (Wh).
    public var consumption: [Int64]
    /// `generation[t * generatorCount + j]`: generator j's metered generation (Wh).
    public var generation: [Int64]
    /// Intervals excluded (a gap under `--gaps skip-interval`): allocated nothing.
    public var excluded: [Bool]

    public init(memberCount: Int, generatorCount: Int, intervalCount: Int, consumption: [Int64], generation: [Int64], excluded: [Bool]? = nil) {
        precondition(consumption.count == memberCount * intervalCount && generation.count == generatorCount * intervalCount)
        self.memberCount = memberCount
        self.generatorCount = generatorCount
        self.intervalCount = intervalCount
        self.consumption = consumption
        self.generation = generation
        self.excluded = excluded ?? Array(repeating: false, count: intervalCount)
    }
}

/// What an allocation run produced, interval by interval.
public struct AllocationOutcome: Sendable {
    public var memberCount: Int
    public var generatorCount: Int
    public var intervalCount: Int
    /// `allocated[t * memberCount + i]`: A_i in interval t.
    public var allocated: [Int64]
    /// `bySource[(t * memberCount + i) * generatorCount + j]`: the part of A_i from
    /// generator j (empty with a single generator and no contracts: then it is `allocated`).
    public var bySource: [Int64]
    /// Generation not allocated, per interval.
    public var surplus: [Int64]
    /// Intervals left out by the gap policy (nothing allocated in them).
    public var excluded: [Bool] = []

    public init(memberCount: Int, generatorCount: Int, intervalCount: Int, allocated: [Int64], bySource: [Int64], surplus: [Int64], excluded: [Bool] = []) {
        self.memberCount = memberCount
        self.generatorCount = generatorCount
        self.intervalCount = intervalCount
        self.allocated = allocated
        self.bySource = bySource
        self.surplus = surplus
        self.excluded = excluded
    }

    /// A_i from generator j in interval t.
    public func allocated(interval t: Int, member i: Int, generator j: Int) -> Int64 {
        bySource.isEmpty ? allocated[t * memberCount + i] : bySource[(t * memberCount + i) * generatorCount + j]
    }
}
