/// Every allocated Wh has a source generator. DOMAIN.md 3, normative.
///
/// A member's allocation `A_i` in an interval is split among the generators in
/// proportion to what they generated in that interval: `floor(A_i * G_j / G)`, then the
/// Wh left go to the largest remainders `A_i * G_j mod G`, ties to the generator listed
/// first. The parts sum exactly to `A_i`.
///
/// One addition, so that the split is physically possible: a generator never gives more
/// than it generated. Rounded member by member, the rule above can hand the same
/// generator one Wh too many (two members each splitting 1 Wh between two 1 Wh
/// generators would both take the first). So members are served in park order and a
/// generator whose output is used up is skipped: the Wh goes to the member's next
/// largest remainder. Every part stays within 1 Wh of its exact share and every
/// generator's total is at most its output (the column sums of a matrix rounding).
///
/// Example: A = 10, G = (1, 2) (G = 3): exact 3.33 and 6.67 -> floors 3, 6, remainders
/// 1, 2 -> the leftover Wh goes to the second generator -> (3, 7).
public enum GeneratorAttribution {
    /// Splits each member's `allocated[i]` among `m` generators by `generation` (summing to
    /// `total` > 0, and `sum allocated <= total`) and adds the parts to
    /// `sources[i * m + j]`.
    @inline(__always)
    public static func split(
        allocated: UnsafePointer<Int64>, members n: Int, generation: UnsafePointer<Int64>, total: Int64,
        generators m: Int, addingTo sources: UnsafeMutablePointer<Int64>, scratch: AllocationScratch
    ) {
        if m == 1 {
            for i in 0..<n { sources[i] += allocated[i] }
            return
        }
        // Capacity left per generator after every member's floors.
        let capacity = scratch.sourceRemainders // m entries
        let remainders = scratch.remainders     // n * m entries would not fit: recomputed per member
        for j in 0..<m { capacity[j] = generation[j] }
        for i in 0..<n where allocated[i] > 0 {
            for j in 0..<m {
                let q = ExactArithmetic.mulDiv(allocated[i], generation[j], total).quotient
                sources[i * m + j] += q
                capacity[j] -= q
            }
        }
        for i in 0..<n where allocated[i] > 0 {
            var floors: Int64 = 0
            for j in 0..<m {
                let (q, r) = ExactArithmetic.mulDiv(allocated[i], generation[j], total)
                floors += q
                remainders[j] = r
            }
            var leftover = allocated[i] - floors
            while leftover > 0 {
                // Largest remainder (ties to the first generator) among generators with output left.
                var best = -1
                for j in 0..<m where remainders[j] >= 0 && capacity[j] > 0 && (best < 0 || remainders[j] > remainders[best]) { best = j }
                if best < 0 {
                    // Every generator with a remainder is used up: any generator with output left.
                    for j in 0..<m where capacity[j] > 0 { best = j; break }
                }
                sources[i * m + best] += 1
                capacity[best] -= 1
                remainders[best] = -1
                leftover -= 1
            }
        }
    }
}
