import GreenParkCore

/// The least-core of the capacity cost game (DOMAIN.md 6): the smallest `e` such that
/// some split `x` of `c(N)` has `x(S) <= c(S) + e` for every proper coalition S (no group
/// pays more than its own line would cost, plus `e`), members paying `x_i >= 0`.
///
/// One linear program, in shares of `c(N)`: minimise `e` subject to
/// `x(S) - e <= c(S) / c(N)` for the `2^n - 2` proper coalitions (constraint `S<mask>`,
/// bit i of the mask for member i), `sum x_i = 1` and `x_i >= 0`, `e` free; solved by
/// ``LinearProgramSolver`` (Clp). The least-core can hold many splits: the result is the
/// optimal vertex Clp's dual simplex reaches with its fixed settings, the same for the same
/// game; shares are rounded to fen by largest remainder, so they sum to the cost exactly.
/// Up to ``maximumMembers`` members (docs/settlement.md has the measurement).
public enum LeastCore {
    /// The most members a park file may split a least-core cost among: 2^16 - 2 = 65,534
    /// coalition constraints, built and solved in 1.2 s, the whole split of a year in 3.6 s
    /// (release build, a loaded 2-core machine; README, performance). 18 members took 11 s.
    public static let maximumMembers = 16

    /// An optimal point of the least-core LP.
    public struct Point: Sendable, Equatable {
        /// Each member's share of `c(N)` (non-negative, summing to 1).
        public let shares: [Double]
        /// The least-core's `e` as a share of `c(N)`; negative when the core is not empty.
        public let excess: Double
    }

    /// The least-core LP of `game`, solved (at least 2 members, `peak(N) > 0`).
    public static func point(_ game: PeakGame, solver: LinearProgramSolver = LinearProgramSolver())
        throws(OptimizationError) -> Point {
        try point(peaks: ShapleyExact.peaks(game.candidates()), members: game.members, solver: solver)
    }

    /// The LP on `peaks[S]`, every coalition's peak by bit mask.
    static func point(peaks: [Int64], members n: Int, solver: LinearProgramSolver) throws(OptimizationError) -> Point {
        let full = (1 << n) - 1, grand = Double(peaks[full])
        precondition(n >= 2 && grand > 0, "a game of at least 2 members with capacity to share")
        var program = LinearProgram(sense: .minimise)
        var x: [LinearProgram.VariableID] = []
        for i in 0..<n { x.append(try program.addVariable("x[\(i)]", lower: 0)) }
        let e = try program.addVariable("e", lower: -.infinity, objective: 1)
        var terms: [(LinearProgram.VariableID, Double)] = []
        terms.reserveCapacity(n + 1)
        for s in 1..<full {
            terms.removeAll(keepingCapacity: true)
            for i in 0..<n where s & (1 << i) != 0 { terms.append((x[i], 1)) }
            terms.append((e, -1))
            try program.addConstraint("S\(s)", terms, upper: Double(peaks[s]) / grand)
        }
        try program.addConstraint("efficiency", x.map { ($0, 1.0) }, equalTo: 1)
        let solution = try solver.solve(program)
        return Point(shares: x.map { max(0, solution[$0]) }, excess: solution[e])
    }

    /// The least-core split of `cost` in fen (largest remainder), with `e` as a share of the
    /// cost in the note. A game without capacity to share, or one member, is split equally;
    /// so is a game whose LP the solver fails on (the note says why).
    public static func split(_ cost: Int64, game: PeakGame) -> CostSplit {
        let n = game.members
        func equally(_ note: String) -> CostSplit {
            let amounts = LargestRemainder.shares(of: cost, weights: Array(repeating: 1, count: n))
            return CostSplit(method: .leastCore, amounts: amounts, note: note)
        }
        let peaks = n >= 2 ? ShapleyExact.peaks(game.candidates()) : []
        guard n >= 2, peaks[(1 << n) - 1] > 0 else { return equally("no capacity to share: split equally") }
        let point: Point
        do {
            point = try Self.point(peaks: peaks, members: n, solver: LinearProgramSolver())
        } catch {
            return equally("LP not solved (\(error)): split equally")
        }
        // Weights with 40 fractional bits: far below a fen.
        let weights = point.shares.map { Int128(($0 * 1_099_511_627_776).rounded()) }
        let percent = (point.excess * 1_000_000).rounded() / 10_000
        return CostSplit(method: .leastCore, amounts: LargestRemainder.shares(of: cost, wideWeights: weights),
                         note: "least-core e = \(percent) % of the cost (negative: the core is not empty)")
    }
}
