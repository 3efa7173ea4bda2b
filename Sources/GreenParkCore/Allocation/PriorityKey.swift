/// `priority`: ordered tiers. DOMAIN.md 3, normative.
///
/// Members are grouped by tier (1 first). Tier 1 shares the generation by `pro-rata`
/// among its members; what it does not use goes to tier 2, and so on; the rest is
/// surplus. Members of a tier keep park-file order for ties.
///
/// Example: tiers (1, 2, 2), C = (50, 40, 20), G = 80: tier 1 takes 50; tier 2 shares 30
/// pro rata over 60: exact 20 and 10 -> (50, 20, 10).
public enum PriorityKey {
    /// `order` lists member indices tier by tier (tier 1 first, park order within a
    /// tier) and `tierEnds` the end offset of each tier in `order`. Returns the total.
    @inline(__always)
    public static func allocate(
        green: Int64, consumption: UnsafePointer<Int64>, order: UnsafePointer<Int32>, tierEnds: [Int],
        into allocated: UnsafeMutablePointer<Int64>, scratch: AllocationScratch
    ) -> Int64 {
        var remaining = max(green, 0)
        var start = 0
        var sum: Int64 = 0
        let gathered = scratch.gathered
        let result = scratch.gatheredResult
        for end in tierEnds {
            let size = end - start
            for k in 0..<size { gathered[k] = consumption[Int(order[start + k])] }
            let used = ProRataKey.allocate(green: remaining, consumption: gathered, count: size, into: result, scratch: scratch)
            for k in 0..<size { allocated[Int(order[start + k])] = result[k] }
            remaining -= used
            sum += used
            start = end
        }
        return sum
    }
}
