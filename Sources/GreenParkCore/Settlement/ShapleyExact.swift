import Dispatch

/// The exact Shapley value of the capacity game (DOMAIN.md 6, normative):
/// `phi_i = sum over S not containing i of |S|!(n-|S|-1)!/n! x (c(S + i) - c(S))`.
///
/// All `2^n` coalition peaks are computed over the game's candidate intervals in Gray-code
/// order (each coalition differs from the one before by one member, so its loads are one
/// addition or subtraction per interval), on both cores. The Shapley numerators are exact
/// integers: `N_i = sum_S w(|S|) (peak(S + i) - peak(S))` with `w(k) = k!(n-1-k)!` divided
/// by their common factor; member i's share of a cost is `cost x N_i / sum N`.
public enum ShapleyExact {
    /// Up to 24 members (2^24 coalition peaks, 128 MiB).
    public static let maximumMembers = 24

    /// `peak(S)` for every coalition, indexed by its member bit set.
    public static func peaks(_ game: PeakGame) -> [Int64] {
        precondition(game.members <= maximumMembers)
        if game.fitsInt32 {
            let (load, generation) = game.narrow
            return peaks(load: load, generation: generation, members: game.members, intervals: game.intervals)
        }
        return peaks(load: game.load, generation: game.generation, members: game.members, intervals: game.intervals)
    }

    static func peaks<T: FixedWidthInteger & SignedInteger>(load: [T], generation: [T], members n: Int, intervals t: Int) -> [Int64] {
        var peaks = [Int64](repeating: 0, count: 1 << n)
        // Each half of the coalitions (top member out / in) on its own core.
        let halves = n >= 2 ? 2 : 1
        let per = (1 << n) / halves
        peaks.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            load.withUnsafeBufferPointer { loadBuffer in
                generation.withUnsafeBufferPointer { generationBuffer in
                    nonisolated(unsafe) let load = loadBuffer, generation = generationBuffer
                    DispatchQueue.concurrentPerform(iterations: halves) { half in
                        var sums = [T](repeating: 0, count: t)
                        let base = halves == 2 ? half << (n - 1) : 0
                        if base != 0 { for k in 0..<t { sums[k] = load[(n - 1) * t + k] } }
                        sums.withUnsafeMutableBufferPointer { sums in
                            var code = 0
                            out[base] = Int64(peakOf(sums, generation))
                            for step in 1..<per {
                                let bit = step.trailingZeroBitCount
                                code ^= 1 << bit
                                let row = load.baseAddress! + bit * t
                                if code & (1 << bit) != 0 {
                                    for k in 0..<t { sums[k] &+= row[k] }
                                } else {
                                    for k in 0..<t { sums[k] &-= row[k] }
                                }
                                out[base | code] = Int64(peakOf(sums, generation))
                            }
                        }
                    }
                }
            }
        }
        return peaks
    }

    @inline(__always)
    static func peakOf<T: FixedWidthInteger & SignedInteger>(_ sums: UnsafeMutableBufferPointer<T>, _ generation: UnsafeBufferPointer<T>) -> T {
        var best: T = 0
        for k in 0..<sums.count { best = max(best, min(generation[k], sums[k])) }
        return best
    }

    /// The Shapley numerators of every member (see the type's comment).
    public static func numerators(peaks: [Int64], members n: Int) -> [Int128] {
        var factorial = [Int128](repeating: 1, count: n + 1)
        for k in 1...max(1, n) where k <= n { factorial[k] = factorial[k - 1] * Int128(k) }
        var weights = (0..<n).map { k in factorial[k] * factorial[n - 1 - k] }
        let common = weights.reduce(weights[0]) { gcd($0, $1) }
        weights = weights.map { $0 / common }
        var result = [Int128](repeating: 0, count: n)
        for i in 0..<n {
            let bit = 1 << i
            var sum: Int128 = 0
            for s in 0..<(1 << n) where s & bit == 0 {
                sum += weights[s.nonzeroBitCount] * Int128(peaks[s | bit] - peaks[s])
            }
            result[i] = sum
        }
        return result
    }

    static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
