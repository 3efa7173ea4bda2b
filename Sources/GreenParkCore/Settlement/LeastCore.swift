/// The least-core of the capacity cost game (DOMAIN.md 6): the smallest `e` such that
/// some split `x` of `c(N)` has `x(S) <= c(S) + e` for every coalition S (no group pays
/// more than its own line would cost, plus `e`), members paying `x_i >= 0`. Solved as one
/// LP with GreenPark's ``Simplex`` (two-phase, Bland's rule); the least-core can hold many
/// splits, and the result is the vertex that rule reaches, which is deterministic. Up to
/// 10 members (1,022 coalition constraints).
public enum LeastCore {
    public static let maximumMembers = 10

    /// The least-core split of `cost` in fen (largest remainder), and `e` as a share of `c(N)`.
    public static func split(_ cost: Int64, game: PeakGame) -> CostSplit {
        let n = game.members
        let peaks = ShapleyExact.peaks(game.candidates())
        let grand = Double(peaks[(1 << n) - 1])
        guard n >= 2, grand > 0 else {
            return CostSplit(method: .leastCore, amounts: LargestRemainder.shares(of: cost, weights: Array(repeating: 1, count: n)), note: "no capacity to share: split equally")
        }
        // Variables: x_1..x_n, e+, e-; values as shares of c(N).
        var upper: [([Double], Double)] = []
        for s in 1..<((1 << n) - 1) {
            var row = (0..<n).map { s & (1 << $0) != 0 ? 1.0 : 0.0 }
            row += [-1, 1]
            upper.append((row, Double(peaks[s]) / grand))
        }
        let equal = [((0..<n).map { _ in 1.0 } + [0, 0], 1.0)]
        guard case .optimal(let x, let e) = Simplex.minimise(c: Array(repeating: 0, count: n) + [1, -1], upper: upper, equal: equal) else {
            return CostSplit(method: .leastCore, amounts: LargestRemainder.shares(of: cost, weights: Array(repeating: 1, count: n)), note: "LP not solved: split equally")
        }
        let weights = x.prefix(n).map { Int128((max(0, $0) * 1_099_511_627_776).rounded()) }
        let amounts = LargestRemainder.shares(of: cost, wideWeights: weights)
        return CostSplit(method: .leastCore, amounts: amounts,
                         note: "least-core e = \(((e * 1_000_000).rounded() / 10_000)) % of the cost (negative: the core is not empty)")
    }
}
