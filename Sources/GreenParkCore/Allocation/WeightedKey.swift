/// `weighted`: Enedis "dynamic simple" — static weights with redistribution, by water
/// filling. DOMAIN.md 3, normative.
///
/// Find the level `L` with `sum min(C_i, L * w_i) = D` (`D = min(G, sum C)`); the exact
/// shares are `min(C_i, L * w_i)`: members whose need is below their weighted level get
/// all they consume, the rest share what is left in proportion to their weights. Rounded
/// with the largest-remainder method to integers summing to `D`, never above `C_i`.
///
/// How: start with every member uncapped, `L = D / W`; cap every member with
/// `C_i < L * w_i` (compared exactly, `C_i * W' < D' * w_i` at full width), take its `C_i`
/// and `w_i` out of `D'` and `W'`, and repeat until no member is capped. Capping only
/// raises `L`, so the set grows monotonically and a few passes suffice. Uncapped members
/// get `floor(D' * w_i / W')` plus the largest-remainder leftover.
///
/// Example: w = (1, 1, 2), C = (10, 100, 100), G = 100: L = 25 caps member 1 at 10;
/// then D' = 90, W' = 3, L = 30: shares 30 and 60 -> (10, 30, 60).
public enum WeightedKey {
    /// `weights` are millionths (> 0). Returns the allocated total.
    @inline(__always)
    public static func allocate(
        green: Int64, consumption: UnsafePointer<Int64>, weights: UnsafePointer<Int64>, count n: Int,
        into allocated: UnsafeMutablePointer<Int64>, scratch: AllocationScratch
    ) -> Int64 {
        var total: Int64 = 0
        var weightSum: Int64 = 0
        for i in 0..<n { total += consumption[i]; weightSum += weights[i] }
        let d = min(max(green, 0), total)
        if d == 0 {
            allocated.update(repeating: 0, count: n)
            return 0
        }
        if d == total {
            allocated.update(from: consumption, count: n)
            return d
        }
        let capped = scratch.flags
        capped.update(repeating: 0, count: n)
        var rest = d
        var restWeight = weightSum
        // Each pass goes over the members still uncapped (kept compact in `active`); the
        // comparison is made in floating point where it is clear and exactly otherwise.
        let active = scratch.indices
        let ratios = scratch.ratios
        var activeCount = n
        for i in 0..<n {
            active[i] = Int32(truncatingIfNeeded: i)
            ratios[i] = Double(consumption[i]) / Double(weights[i])
        }
        var changed = true
        while changed && restWeight > 0 {
            // One pass at the current level, branch-free: the members below it are capped
            // (compared exactly when the floating-point ratio is too close to tell).
            let level = Double(rest) / Double(restWeight)
            let below = level * (1 - 1e-9), above = level * (1 + 1e-9)
            var kept = 0
            var takenC: Int64 = 0, takenW: Int64 = 0
            for k in 0..<activeCount {
                let i = Int(active[k])
                let ratio = ratios[i]
                var cap = ratio < below
                if !cap && ratio <= above {
                    cap = ExactArithmetic.productLess(consumption[i], restWeight, than: rest, weights[i])
                }
                let flag: Int64 = cap ? 1 : 0
                capped[i] = UInt8(truncatingIfNeeded: flag)
                takenC &+= consumption[i] & -flag
                takenW &+= weights[i] & -flag
                active[kept] = Int32(truncatingIfNeeded: i)
                kept &+= 1 &- Int(flag)
            }
            changed = kept < activeCount
            rest -= takenC
            restWeight -= takenW
            activeCount = kept
        }
        if restWeight == 0 {
            // Everyone capped: every member gets its consumption.
            for i in 0..<n { allocated[i] = capped[i] != 0 ? consumption[i] : 0 }
            return d
        }
        for i in 0..<n where capped[i] != 0 { allocated[i] = consumption[i] }
        ProportionalShares.allocate(rest, x: weights, count: n, denominator: restWeight, skip: capped, into: allocated, scratch: scratch)
        return d
    }
}
