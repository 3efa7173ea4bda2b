/// Certificates for an allocated period: which production periods lie inside it, what each
/// device generated in each (only from its registration), and what each member was
/// allocated from each device in each. Pure arithmetic over ``PeriodData`` and
/// ``AllocationOutcome``; the caller gives the period boundaries (local calendar months
/// for GEC and I-REC, hours for granular certificates).
public struct ProductionPeriods: Sendable {
    public struct Period: Sendable, Equatable {
        public var start: Timestamp
        public var end: Timestamp
        /// Generation per generator (park order) counted for certificates.
        public var generationWh: [Int64]
        /// Allocated Wh per member (park order) and generator: `allocated[i][j]`.
        public var allocatedWh: [[Int64]]
    }

    public var periods: [Period]

    /// Sums the intervals of each `[start, end)` boundary pair (those fully inside the
    /// allocated period). Generation before a device's registration instant is left out,
    /// as are intervals excluded by the gap policy.
    public init(data: PeriodData, outcome: AllocationOutcome, boundaries: [Timestamp], registeredFrom: [Timestamp]) {
        let n = data.problem.memberCount, m = data.problem.generatorCount
        periods = []
        for k in 0..<max(0, boundaries.count - 1) {
            let start = boundaries[k], end = boundaries[k + 1]
            guard start >= data.from, end <= data.to else { continue }
            var period = Period(start: start, end: end, generationWh: Array(repeating: 0, count: m),
                                allocatedWh: Array(repeating: Array(repeating: 0, count: m), count: n))
            let first = Int((start.seconds - data.from.seconds) / data.resolution.seconds)
            let last = Int((end.seconds - data.from.seconds) / data.resolution.seconds)
            for t in first..<last where !data.problem.excluded[t] {
                let intervalStart = data.start(ofInterval: t)
                for j in 0..<m where intervalStart >= registeredFrom[j] {
                    period.generationWh[j] += data.problem.generation[t * m + j]
                    for i in 0..<n { period.allocatedWh[i][j] += outcome.allocated(interval: t, member: i, generator: j) }
                }
            }
            periods.append(period)
        }
    }
}
