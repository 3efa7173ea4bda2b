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
        var changed = true
        while changed && restWeight > 0 {
            changed = false
            for i in 0..<n where capped[i] == 0 {
                if ExactArithmetic.productLess(consumption[i], restWeight, than: rest, weights[i]) {
                    capped[i] = 1
                    rest -= consumption[i]
                    restWeight -= weights[i]
                    changed = true
                }
            }
        }
        let remainders = scratch.remainders
        var floors: Int64 = 0
        for i in 0..<n {
            if capped[i] != 0 || restWeight == 0 {
                allocated[i] = capped[i] != 0 ? consumption[i] : 0
                remainders[i] = 0
            } else {
                let (q, r) = ExactArithmetic.mulDiv(rest, weights[i], restWeight)
                allocated[i] = q
                remainders[i] = r
                floors += q
            }
        }
        if restWeight > 0 {
            LargestRemainder.distribute(
                leftover: Int(rest - floors), remainders: remainders, count: n, denominator: restWeight,
                into: allocated, scratch: scratch)
        }
        return d
    }
}
