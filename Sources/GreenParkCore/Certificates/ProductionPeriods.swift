/// Certificates for an allocated period: which production periods lie inside it, what each
/// device generated in each (only from its registration), and what each member was
/// allocated from each device in each. Pure arithmetic over ``PeriodData`` and
/// ``AllocationOutcome``; the caller gives the period boundaries (local calendar months
/// for GEC and I-REC, hours for granular certificates).
///
/// Rule: issuance depends on the device's own generation data only. An interval left out
/// of the allocation because another meter (a member's) has no value still counts for
/// the generation of the devices that metered it. A device whose own meter has a gap in a
/// production period is `incomplete` there: only what it metered counts (unmetered energy
/// is never certified), and a later import of the gap raises it by a correction.
public struct ProductionPeriods: Sendable {
    public struct Period: Sendable, Equatable {
        public var start: Timestamp
        public var end: Timestamp
        /// Generation per generator (park order) counted for certificates.
        public var generationWh: [Int64]
        /// Allocated Wh per member (park order) and generator: `allocated[i][j]`.
        public var allocatedWh: [[Int64]]
        /// Per generator: its meter has no value in some interval of the period (from its
        /// registration on).
        public var incomplete: [Bool]
    }

    public var periods: [Period]

    /// Sums the intervals of each `[start, end)` boundary pair (those fully inside the
    /// allocated period). Generation before a device's registration instant is left out.
    /// `countExcluded: false` reproduces GreenPark before it counted the generation of
    /// intervals left out for another meter's gap (to recover what an old issuance counted).
    public init(data: PeriodData, outcome: AllocationOutcome, boundaries: [Timestamp], registeredFrom: [Timestamp],
                generatorMeters: [String], countExcluded: Bool = true) {
        let n = data.problem.memberCount, m = data.problem.generatorCount
        let step = data.resolution.seconds
        var missing = [[Bool]](repeating: [], count: m)
        for (j, meter) in generatorMeters.enumerated() {
            var flags = [Bool](repeating: false, count: data.problem.intervalCount)
            for gap in data.gaps where gap.meter == meter {
                let first = Int((gap.start.seconds - data.from.seconds) / step)
                for t in first..<(first + gap.intervals) { flags[t] = true }
            }
            missing[j] = flags
        }
        periods = []
        for k in 0..<max(0, boundaries.count - 1) {
            let start = boundaries[k], end = boundaries[k + 1]
            guard start >= data.from, end <= data.to else { continue }
            var period = Period(start: start, end: end, generationWh: Array(repeating: 0, count: m),
                                allocatedWh: Array(repeating: Array(repeating: 0, count: m), count: n),
                                incomplete: Array(repeating: false, count: m))
            let first = Int((start.seconds - data.from.seconds) / step)
            let last = Int((end.seconds - data.from.seconds) / step)
            for t in first..<last {
                let intervalStart = data.start(ofInterval: t)
                for j in 0..<m where intervalStart >= registeredFrom[j] {
                    if missing[j][t] { period.incomplete[j] = true; continue }
                    guard countExcluded || !data.problem.excluded[t] else { continue }
                    period.generationWh[j] += data.problem.generation[t * m + j]
                    guard !data.problem.excluded[t] else { continue }
                    for i in 0..<n { period.allocatedWh[i][j] += outcome.allocated(interval: t, member: i, generator: j) }
                }
            }
            periods.append(period)
        }
    }
}
