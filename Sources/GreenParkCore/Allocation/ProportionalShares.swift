/// Exact proportional shares rounded by the largest-remainder method: entry i gets
/// `amount * x_i / denominator` (where `sum x_i = denominator` over the entries taking
/// part), as `floor` plus one Wh each for the largest remainders `amount * x_i mod
/// denominator`, ties to the lower index. Shared by `pro-rata` (x = consumption) and
/// `weighted` (x = weights of the uncapped members).
enum ProportionalShares {
    /// Writes the shares of the entries with `skip[i] == 0` into `values` (others are left
    /// as they are) and returns their sum, which is `amount`.
    @inline(__always)
    static func allocate(
        _ amount: Int64, x: UnsafePointer<Int64>, count n: Int, denominator: Int64,
        skip: UnsafePointer<UInt8>?, into values: UnsafeMutablePointer<Int64>, scratch: AllocationScratch
    ) {
        let remainders = scratch.remainders
        let buckets = scratch.buckets
        let histogram = scratch.histogram
        histogram.update(repeating: 0, count: 1024)
        let bucketScale = 256.0 / Double(denominator)
        var floors: Int64 = 0
        if amount < (1 << 50), amount <= Int64.max / denominator {
            // Products fit in Int64; the floor estimated in floating point is within one
            // unit and is corrected exactly with integer arithmetic, branch-free.
            let factor = Double(amount) / Double(denominator)
            for i in 0..<n {
                if let skip, skip[i] != 0 {
                    remainders[i] = 0
                    buckets[i] = 0
                    histogram[(i & 3) << 8] &+= 1
                    continue
                }
                let xi = x[i]
                var q = Int64(Double(xi) * factor)
                var r = amount &* xi &- q &* denominator
                let low: Int64 = r < 0 ? 1 : 0
                q &-= low
                r &+= low &* denominator
                let high: Int64 = r >= denominator ? 1 : 0
                q &+= high
                r &-= high &* denominator
                values[i] = q
                remainders[i] = r
                floors &+= q
                let b = LargestRemainder.bucket(r, bucketScale)
                buckets[i] = b
                histogram[(i & 3) << 8 | Int(b)] &+= 1
            }
        } else {
            for i in 0..<n {
                if let skip, skip[i] != 0 {
                    remainders[i] = 0
                    buckets[i] = 0
                    histogram[(i & 3) << 8] &+= 1
                    continue
                }
                let (q, r) = ExactArithmetic.mulDiv(amount, x[i], denominator)
                values[i] = q
                remainders[i] = r
                floors += q
                let b = LargestRemainder.bucket(r, bucketScale)
                buckets[i] = b
                histogram[(i & 3) << 8 | Int(b)] &+= 1
            }
        }
        LargestRemainder.finish(leftover: Int(amount - floors), remainders: remainders, count: n, into: values, scratch: scratch)
    }
}
