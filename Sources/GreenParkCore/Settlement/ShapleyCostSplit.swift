/// Shapley splits of a shared capacity cost (DOMAIN.md 6, normative game
/// `c(S) = cost x peak(S) / peak(N)`): exact, rounded by largest remainder so the shares
/// sum to the cost; or sampled from a fixed, seeded budget of orders, with each member's
/// 95 % error bound in fen.
public enum ShapleyCostSplit {
    /// Exact: `share_i = cost x N_i / sum N` (the exact Shapley numerators).
    public static func exact(_ cost: Int64, game: PeakGame) -> CostSplit {
        let reduced = game.candidates()
        let numerators = ShapleyExact.numerators(peaks: ShapleyExact.peaks(reduced), members: game.members)
        let amounts = numerators.allSatisfy({ $0 == 0 })
            ? LargestRemainder.shares(of: cost, weights: Array(repeating: 1, count: game.members))
            : LargestRemainder.shares(of: cost, wideWeights: numerators)
        return CostSplit(method: .shapley, amounts: amounts, note: "exact over \(1 << game.members) coalitions and \(reduced.intervals) candidate intervals of \(game.intervals)")
    }

    /// The budget of sampled orders when the park file names none (docs/settlement.md).
    public static let defaultOrders = 10_000

    /// Sampled: exactly `orders` random orders (rounded up to an even number: antithetic
    /// pairs), drawn from `seed`; the mean marginal contributions are the weights, and each
    /// member's bound is `1.96 x sd / sqrt(pairs) x cost / peak(N)`. No clock: the amounts
    /// are a function of the game, the cost, the budget and the seed alone.
    public static func sampled(_ cost: Int64, game: PeakGame, orders: Int = defaultOrders, seed: UInt64) -> CostSplit {
        precondition(orders >= 4, "at least two antithetic pairs, for a bound")
        let pairs = (orders + 1) / 2
        let reduced = game.candidates(limit: game.members > 64 ? 0 : 20_000)
        let grand = Double(reduced.peak(Array(0..<game.members)))
        guard grand > 0 else {
            return CostSplit(method: .shapleySampled, amounts: LargestRemainder.shares(of: cost, weights: Array(repeating: 1, count: game.members)),
                             errorBounds: Array(repeating: 0, count: game.members), note: "no green flow: split equally")
        }
        let estimate = ShapleySampled.sample(reduced, pairs: pairs, seed: seed).estimate
        // Weights with 40 fractional bits keep the estimate's precision far below a fen.
        let weights = estimate.mean.map { Int128(($0 * 1_099_511_627_776).rounded()) }
        let bounds = estimate.bound95.map { Int64(($0 / grand * Double(cost)).rounded(.up)) }
        let note = "\(estimate.orders) sampled orders (\(pairs) antithetic pairs from seed \(seed))"
            + " over \(reduced.intervals) intervals"
        return CostSplit(method: .shapleySampled, amounts: LargestRemainder.shares(of: cost, wideWeights: weights), errorBounds: bounds,
                         note: note)
    }
}
