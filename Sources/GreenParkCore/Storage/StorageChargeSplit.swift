/// Where the charging devices' energy comes from in one interval (DOMAIN.md 4a, normative):
/// after the members took their share (``StorageAllocation``), the devices share what the
/// generators have left in proportion to their metered charge (largest remainder, park
/// order breaking ties), attributed to the generators by what each has left (DOMAIN.md 3's
/// rule); the rest of each charge comes from the grid. One place for the certificates
/// (``StorageAccounting``) and the money (``Settlement``).
///
/// Example: generators g1, g2 have 600 and 400 Wh left after the members; devices b1, b2
/// charge 500 and 1,500 Wh: they share min(1,000, 2,000) = 1,000 Wh as 250 and 750; b1's
/// 250 is 150 from g1 and 100 from g2, b2's 750 is 450 and 300; from the grid 250 and 750.
struct StorageChargeSplit {
    let generators: Int
    let devices: Int
    /// Per generator: what it has left after the members (before the charging).
    private(set) var leftover: [Int64]
    /// Per device: the green part of its charge.
    private(set) var green: [Int64]
    /// `bySource[k * generators + j]`: what device k charged from generator j.
    private(set) var bySource: [Int64]
    private let scratch: AllocationScratch

    init(generators m: Int, devices s: Int) {
        generators = m
        devices = s
        leftover = Array(repeating: 0, count: m)
        green = Array(repeating: 0, count: s)
        bySource = Array(repeating: 0, count: s * m)
        scratch = AllocationScratch(capacity: max(s, m, 1))
    }

    /// Splits interval `t`'s charge; `combined` is the outcome over generators then devices.
    mutating func split(interval t: Int, problem: AllocationProblem, combined: AllocationOutcome,
                        storage: StorageSeries) {
        let n = problem.memberCount, m = generators, s = devices
        var left: Int64 = 0
        for j in 0..<m {
            var taken: Int64 = 0
            for i in 0..<n { taken += combined.allocated(interval: t, member: i, generator: j) }
            leftover[j] = problem.generation[t * m + j] - taken
            left += leftover[j]
        }
        let charges = Array(storage.charge[(t * s)..<(t * s + s)])
        let demand = charges.reduce(0, +)
        let shares = LargestRemainder.shares(of: max(0, min(left, demand)), weights: charges)
        for k in 0..<s { green[k] = shares[k] }
        bySource.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        guard left > 0, m > 0 else { return }
        green.withUnsafeBufferPointer { g in
            leftover.withUnsafeBufferPointer { l in
                bySource.withUnsafeMutableBufferPointer { out in
                    GeneratorAttribution.split(
                        allocated: g.baseAddress!, members: s, generation: l.baseAddress!, total: left,
                        generators: m, addingTo: out.baseAddress!, scratch: scratch)
                }
            }
        }
    }
}
