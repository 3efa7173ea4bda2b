/// Shapley splits of a shared capacity cost (DOMAIN.md 6, normative game
/// `c(S) = cost x peak(S) / peak(N)`): exact, rounded by largest remainder so the shares
/// sum to the cost; or sampled, with each member's 95 % error bound in fen.
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

    /// Sampled: the mean marginal contributions as weights; bounds `1.96 x sd / sqrt(pairs) x
    /// cost / peak(N)`. Samples in batches until the sum of the members' bounds is below
    /// `targetShare` of the cost, or `maximumPairs` pairs, or `timeLimit` seconds.
    public static func sampled(_ cost: Int64, game: PeakGame, targetShare: Double = 0.01, maximumPairs: Int = 1_000_000,
                               timeLimit: Double = 50, seed: UInt64) -> CostSplit {
        let reduced = game.candidates(limit: game.members > 64 ? 0 : 20_000)
        let clock = ContinuousClock.now
        var total = ShapleySampled.Accumulator(members: game.members)
        let grand = Double(reduced.peak(Array(0..<game.members)))
        var batch = 16, round: UInt64 = 0
        while total.pairs < maximumPairs {
            total.merge(ShapleySampled.sample(reduced, pairs: min(batch, maximumPairs - total.pairs), seed: seed &+ round &* 0xD1B5_4A32_D192_ED03))
            round += 1
            let estimate = total.estimate
            let sumOfBounds = estimate.bound95.reduce(0, +) / max(1, grand)
            let elapsed = Double((ContinuousClock.now - clock).components.seconds) + Double((ContinuousClock.now - clock).components.attoseconds) / 1e18
            if total.pairs >= 8 && sumOfBounds < targetShare || elapsed > timeLimit { break }
            // Enough pairs for the target at the current rate, within the time left.
            let perPair = elapsed / Double(total.pairs)
            let needed = Int((Double(total.pairs) * pow2(sumOfBounds / targetShare)).rounded(.up)) - total.pairs
            batch = max(8, min(needed + 8, Int((timeLimit - elapsed) / max(perPair, 1e-9)) + 1, total.pairs))
        }
        let estimate = total.estimate
        guard grand > 0 else {
            return CostSplit(method: .shapleySampled, amounts: LargestRemainder.shares(of: cost, weights: Array(repeating: 1, count: game.members)),
                             errorBounds: Array(repeating: 0, count: game.members), note: "no green flow: split equally")
        }
        // Weights with 40 fractional bits keep the estimate's precision far below a fen.
        let weights = estimate.mean.map { Int128(($0 * 1_099_511_627_776).rounded()) }
        let bounds = estimate.bound95.map { Int64(($0 / grand * Double(cost)).rounded(.up)) }
        return CostSplit(method: .shapleySampled, amounts: LargestRemainder.shares(of: cost, wideWeights: weights), errorBounds: bounds,
                         note: "\(estimate.orders) sampled orders (antithetic pairs, seed \(seed)) over \(reduced.intervals) intervals")
    }
}

private func pow2(_ x: Double) -> Double { x * x }
