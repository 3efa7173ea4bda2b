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
        var floors: Int64 = 0
        let fast = amount < (1 << 50) && amount <= Int64.max / denominator && denominator < (1 << 55)
        if fast {
            // Products fit in Int64. Division by the interval's denominator is replaced by
            // a multiplication with its reciprocal m = floor(2^64 / denominator): the high
            // half of N * m is floor(N / denominator) or one less, corrected exactly with
            // integer arithmetic, branch-free. The same reciprocal gives the remainder's
            // bucket, high(256 r * m), which is monotone in r as the radix select needs.
            let d = UInt64(denominator)
            let reciprocal = d == 1 ? UInt64.max : UInt64.max / d &+ (UInt64.max % d == d &- 1 ? 1 : 0)
            let a = UInt64(amount)
            for i in 0..<n {
                if let skip, skip[i] != 0 {
                    buckets[i] = 0
                    histogram[(i & 3) << 8] &+= 1
                    continue
                }
                let product = a &* UInt64(x[i])
                var q = product.multipliedFullWidth(by: reciprocal).high
                var r = product &- q &* d
                let high: UInt64 = r >= d ? 1 : 0
                q &+= high
                r &-= high &* d
                values[i] = Int64(q)
                floors &+= Int64(q)
                let b = UInt8(truncatingIfNeeded: min(255, (r << 8).multipliedFullWidth(by: reciprocal).high))
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
                let b = LargestRemainder.bucket(r, 256.0 / Double(denominator))
                buckets[i] = b
                histogram[(i & 3) << 8 | Int(b)] &+= 1
            }
        }
        LargestRemainder.finish(leftover: Int(amount - floors), count: n, into: values, scratch: scratch) { i in
            if let skip, skip[i] != 0 { return 0 }
            // In the fast path the product fits: recompute instead of storing every remainder.
            return fast ? amount &* x[i] &- values[i] &* denominator : remainders[i]
        }
    }
}
