/// Every allocated Wh has a source generator. DOMAIN.md 3, normative.
///
/// A member's allocation `A_i` in an interval is split among the generators in
/// proportion to what they generated in that interval: `floor(A_i * G_j / G)`, then the
/// Wh left go to the largest remainders `A_i * G_j mod G`, ties to the generator listed
/// first. The parts sum exactly to `A_i`.
///
/// Example: A = 10, G = (1, 2) (G = 3): exact 3.33 and 6.67 -> floors 3, 6, remainders
/// 1, 2 -> the leftover Wh goes to the second generator -> (3, 7).
public enum GeneratorAttribution {
    /// Splits `amount` among `count` generators by `generation` (summing to `total` > 0)
    /// and adds the parts to `parts` (stride 1).
    @inline(__always)
    public static func split(
        _ amount: Int64, generation: UnsafePointer<Int64>, total: Int64, count m: Int,
        addingTo parts: UnsafeMutablePointer<Int64>, scratch: AllocationScratch
    ) {
        if amount == 0 { return }
        if m == 1 { parts[0] += amount; return }
        let remainders = scratch.sourceRemainders
        var floors: Int64 = 0
        for j in 0..<m {
            let (q, r) = ExactArithmetic.mulDiv(amount, generation[j], total)
            parts[j] += q
            remainders[j] = r
            floors += q
        }
        var leftover = amount - floors
        // At most m - 1 Wh: pick the largest remainders one by one (m is small).
        while leftover > 0 {
            var best = -1
            for j in 0..<m where remainders[j] >= 0 && (best < 0 || remainders[j] > remainders[best]) { best = j }
            parts[best] += 1
            remainders[best] = -1
            leftover -= 1
        }
    }
}
