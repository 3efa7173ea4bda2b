/// The allocation of a park with storage (DOMAIN.md 4a, normative), interval by interval:
///
/// 1. Each discharging device is a source beside the generators: the park's key shares the
///    generation and the discharge among the members, and every Wh a member receives is
///    attributed to a generator or a device (DOMAIN.md 3's rule over both).
/// 2. Then the devices charge, after the members: what the generators have left goes to the
///    charging devices in proportion to their metered charge (largest remainder), and is
///    attributed to the generators by what each has left; the rest of each charge comes
///    from the grid.
/// 3. What the generators still have left, and what a device discharged that no member
///    took, is fed into the grid: the park's surplus.
///
/// The members' allocation from the generators alone is returned as an ordinary
/// ``AllocationOutcome`` (what certificates are issued and transferred by); the rest, hour
/// by hour, goes through ``StorageAccounting``.
public enum StorageAllocation {
    /// Runs the key over generators and discharging devices. Returns the allocation from the
    /// generators (its `surplus`: generation the members did not take, before charging) and
    /// the full outcome over generators then devices.
    public static func run(rule: AllocationRule, problem: AllocationProblem, storage: StorageSeries,
                           threads: Int = 2) throws -> (direct: AllocationOutcome, combined: AllocationOutcome) {
        let n = problem.memberCount, m = problem.generatorCount, s = storage.deviceCount, count = problem.intervalCount
        precondition(storage.intervalCount == count)
        var extendedRule = rule
        extendedRule.generatorCount = m + s
        extendedRule.pinned += Array(repeating: [], count: s)
        var generation = [Int64](repeating: 0, count: (m + s) * count)
        for t in 0..<count {
            for j in 0..<m { generation[t * (m + s) + j] = problem.generation[t * m + j] }
            for k in 0..<s { generation[t * (m + s) + m + k] = storage.discharge[t * s + k] }
        }
        let extended = AllocationProblem(memberCount: n, generatorCount: m + s, intervalCount: count,
                                         consumption: problem.consumption, generation: generation,
                                         excluded: problem.excluded)
        let combined = try AllocationEngine(rule: extendedRule).run(extended, threads: threads)
        var allocated = [Int64](repeating: 0, count: n * count)
        let keepsSources = m > 1 || rule.hasContracts
        var bySource = [Int64](repeating: 0, count: keepsSources ? n * m * count : 0)
        var surplus = [Int64](repeating: 0, count: count)
        for t in 0..<count where !problem.excluded[t] {
            var given: Int64 = 0
            for i in 0..<n {
                var sum: Int64 = 0
                for j in 0..<m {
                    let part = combined.allocated(interval: t, member: i, generator: j)
                    sum += part
                    if keepsSources { bySource[(t * n + i) * m + j] = part }
                }
                allocated[t * n + i] = sum
                given += sum
            }
            var total: Int64 = 0
            for j in 0..<m { total += problem.generation[t * m + j] }
            surplus[t] = total - given
        }
        let direct = AllocationOutcome(memberCount: n, generatorCount: m, intervalCount: count, allocated: allocated,
                                       bySource: bySource, surplus: surplus, excluded: problem.excluded)
        return (direct, combined)
    }
}
