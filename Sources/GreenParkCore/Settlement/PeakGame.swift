/// The cost game of shared direct-line capacity (DOMAIN.md 6, normative): lines and
/// substation are sized for the coincident green flow, so for a coalition S
/// `peak(S) = max_t min(G_t, sum_{i in S} C_i,t)` and `c(S) = cost x peak(S) / peak(N)`.
///
/// Only some intervals can ever be a coalition's peak: interval t is dominated by t' when
/// `G_t' >= G_t` and every member's `C_i,t' >= C_i,t` (then t' is at least as high for
/// every coalition). ``candidates()`` keeps the undominated intervals, so the many
/// coalition peaks are computed over a few intervals instead of a year.
public struct PeakGame: Sendable {
    public let members: Int
    public let intervals: Int
    /// Green generation per interval (Wh).
    public let generation: [Int64]
    /// `load[i * intervals + t]`: member i's consumption in interval t (Wh), member-major.
    public let load: [Int64]

    public init(generation: [Int64], load: [Int64], members: Int) {
        precondition(members > 0 && load.count == members * generation.count)
        self.members = members
        intervals = generation.count
        self.generation = generation
        self.load = load
    }

    /// From the intervals `range` of an allocation problem (all of them by default;
    /// interval-major consumption; all generators summed). Excluded intervals count as
    /// neither load nor generation.
    public init(problem: AllocationProblem, intervals range: Range<Int>? = nil) {
        let n = problem.memberCount, m = problem.generatorCount
        let range = range ?? 0..<problem.intervalCount, count = range.count
        var g = [Int64](repeating: 0, count: count), l = [Int64](repeating: 0, count: n * count)
        for (k, t) in range.enumerated() where !problem.excluded[t] {
            for j in 0..<m { g[k] += problem.generation[t * m + j] }
            for i in 0..<n { l[i * count + k] = problem.consumption[t * n + i] }
        }
        self.init(generation: g, load: l, members: n)
    }

    /// Whether every coalition sum and every generation value fits in Int32, so the inner
    /// loops can run on 32-bit lanes (twice as many per vector instruction).
    public var fitsInt32: Bool {
        var total: Int64 = 0
        for i in 0..<members { total += load[(i * intervals)..<((i + 1) * intervals)].max() ?? 0 }
        return total < Int64(Int32.max) && (generation.max() ?? 0) < Int64(Int32.max) && !load.contains { $0 < 0 }
    }

    /// The loads and generation as Int32 (only when ``fitsInt32``).
    var narrow: (load: [Int32], generation: [Int32]) {
        (load.map { Int32(truncatingIfNeeded: $0) }, generation.map { Int32(truncatingIfNeeded: $0) })
    }

    /// `peak(S)` for the members in `coalition`.
    public func peak(_ coalition: [Int]) -> Int64 {
        var best: Int64 = 0
        for t in 0..<intervals {
            var sum: Int64 = 0
            for i in coalition { sum += load[i * intervals + t] }
            best = max(best, min(generation[t], sum))
        }
        return best
    }

    /// The game restricted to the undominated intervals (same peak for every coalition).
    /// Intervals without generation never matter. Stops pruning (keeping the rest) when the
    /// frontier grows past `limit`, where the check would cost more than it saves.
    public func candidates(limit: Int = 20_000) -> PeakGame {
        let n = members
        var order = (0..<intervals).filter { generation[$0] > 0 }
        func total(_ t: Int) -> Int64 { (0..<n).reduce(0) { $0 + load[$1 * intervals + t] } }
        let totals = Dictionary(uniqueKeysWithValues: order.map { ($0, total($0)) })
        order.sort { (generation[$0], totals[$0]!) > (generation[$1], totals[$1]!) }
        var kept: [Int] = []
        var keptLoads: [Int64] = []   // kept-major: keptLoads[k * n + i]
        for (position, t) in order.enumerated() {
            if kept.count >= limit { kept += order[position...]; break }
            // Any kept interval has G >= G_t (sorted): dominated if its loads are all >= t's.
            var dominated = false
            for k in 0..<kept.count {
                var all = true
                for i in 0..<n where keptLoads[k * n + i] < load[i * intervals + t] { all = false; break }
                if all { dominated = true; break }
            }
            if !dominated {
                kept.append(t)
                for i in 0..<n { keptLoads.append(load[i * intervals + t]) }
            }
        }
        kept.sort()
        var l = [Int64](repeating: 0, count: n * kept.count)
        for (k, t) in kept.enumerated() { for i in 0..<n { l[i * kept.count + k] = load[i * intervals + t] } }
        return PeakGame(generation: kept.map { generation[$0] }, load: l, members: n)
    }
}
