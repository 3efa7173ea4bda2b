/// `pro-rata`: the Enedis default dynamic key (also Austria's dynamic key). DOMAIN.md 3,
/// normative.
///
/// Each member gets the green energy in proportion to its consumption in the interval:
/// with `D = min(G, sum C)`, the exact share is `x_i = D * C_i / sum C`. Rounded by the
/// largest-remainder method in exact integers: `A_i = floor(D * C_i / sum C)`, then the
/// `D - sum floor` Wh left go one each to the largest remainders `D * C_i mod sum C`, ties
/// to the lower index. `sum C = 0` gives `A = 0`.
///
/// Example: G = 100, C = (30, 30, 60): D = 100, exact shares 25, 25, 50 -> (25, 25, 50).
/// G = 10, C = (10, 10, 10): 10 * 10 / 30 = 3.33: floors 3, 3, 3, equal remainders -> the
/// leftover 1 Wh goes to the first member -> (4, 3, 3).
public enum ProRataKey {
    /// Allocates `green` (G) among `count` members with `consumption` into `allocated`.
    /// Returns the allocated total (`min(G, sum C)`). `total` is `sum C` when the caller
    /// knows it (it must fit in Int64).
    @inline(__always)
    public static func allocate(
        green: Int64, consumption: UnsafePointer<Int64>, count n: Int, total knownTotal: Int64? = nil,
        into allocated: UnsafeMutablePointer<Int64>, scratch: AllocationScratch
    ) -> Int64 {
        var total: Int64 = 0
        if let knownTotal { total = knownTotal } else { for i in 0..<n { total &+= consumption[i] } }
        let d = min(green, total)
        if d <= 0 || total == 0 {
            allocated.update(repeating: 0, count: n)
            return 0
        }
        if d == total {
            allocated.update(from: consumption, count: n)
            return d
        }
        ProportionalShares.allocate(d, x: consumption, count: n, denominator: total, skip: nil, into: allocated, scratch: scratch)
        return d
    }
}
