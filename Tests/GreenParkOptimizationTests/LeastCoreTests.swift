import GreenParkCore
import GreenParkOptimization
import Testing

@Suite("Least-core split of the capacity game (LP on Clp)")
struct LeastCoreTests {
    /// The largest excess `x(S) - c(S)` of a split, in fen, with `c(S) = cost x peak(S) / peak(N)`.
    func maxExcess(_ x: [Int64], peaks: [Int64], cost: Int64) -> Double {
        let n = x.count, grand = Double(peaks[(1 << n) - 1])
        var worst = -Double.infinity
        for s in 1..<((1 << n) - 1) {
            let paid = (0..<n).filter { s & (1 << $0) != 0 }.reduce(Int64(0)) { $0 + x[$1] }
            worst = max(worst, Double(paid) - Double(cost) * Double(peaks[s]) / grand)
        }
        return worst
    }

    @Test("worked by hand: the game of G = [7, 10] has a core (x_C = 2, x_A + x_B = 6, 0 <= x_A <= 5); e = 0")
    func handWorked() throws {
        let game = PeakGame(generation: [7, 10], load: [6, 0, 0, 6, 2, 2], members: 3)
        // Peaks (ShapleyTests): A 6, B 6, C 2, AB 6, AC 7, BC 8, ABC 8. From x_A + x_B <= 6 + e and
        // x_C <= 2 + e, 8 = x(N) <= 8 + 2e, so e >= 0; e = 0 is reached: x_C = 2, x_A + x_B = 6, and
        // AC, BC give x_A <= 5, x_B <= 6. The least-core is the segment x_A in [0, 5].
        let point = try LeastCore.point(game)
        #expect(abs(point.excess) < 1e-9)
        let split = LeastCore.split(8000, game: game)
        // c(S) = 1,000 fen per Wh of peak: C pays 2,000; A at most 5,000; A + B = 6,000.
        #expect(split.amounts.reduce(0, +) == 8000 && split.amounts[2] == 2000 && split.amounts[0] <= 5000)
        #expect(maxExcess(split.amounts, peaks: ShapleyExact.peaks(game), cost: 8000) <= 1)
        // Clp's dual simplex reaches the end x_A = 5,000, x_B = 1,000 of the segment, the vertex the
        // deleted hand-written simplex (Bland's rule) reached too: AC pays 5,000 + 2,000 = 7,000 = c(AC),
        // BC 3,000 <= 8,000, AB 6,000 = c(AB), A 5,000 <= 6,000, B 1,000 <= 6,000, C 2,000 = c(C):
        // every excess <= 0 = e.
        #expect(split.amounts == [5000, 1000, 2000])
        #expect(split.note == "least-core e = 0.0 % of the cost (negative: the core is not empty)")
    }

    @Test("worked by hand: three equal members sharing G = 2 have one least-core point, 2/3 each, e = -1/3")
    func uniquePoint() throws {
        // One interval, G = 2, loads 1, 1, 1: c(i) = 1, c(pair) = 2, c(N) = 2. Singles give
        // x_i <= 1 + e, so 2 = x(N) <= 3 + 3e: e >= -1/3, with x_i = 1 + e = 2/3 for each.
        // Pairs: 4/3 - 2 = -2/3 <= e. In shares of c(N) = 2: x_i = 1/3, e = -1/6.
        let game = PeakGame(generation: [2], load: [1, 1, 1], members: 3)
        let point = try LeastCore.point(game)
        #expect(point.shares.allSatisfy { abs($0 - 1.0 / 3) < 1e-9 } && abs(point.excess + 1.0 / 6) < 1e-9)
        // 3,000 fen: 1,000 each; e = -1/6 of the cost = -16.6667 %.
        let split = LeastCore.split(3000, game: game)
        #expect(split.amounts == [1000, 1000, 1000])
        #expect(split.note == "least-core e = -16.6667 % of the cost (negative: the core is not empty)")
    }

    @Test("on random games: efficient, non-negative, x(S) <= c(S) + e to the fen, e <= 0, no worse than Shapley")
    func properties() throws {
        var random = SplitMix64(seed: 99)
        for _ in 0..<60 {
            let n = 2 + Int(random.next() % 7), t = 1 + Int(random.next() % 12)
            let game = PeakGame(generation: (0..<t).map { _ in Int64(random.next() % 60) },
                                load: (0..<(n * t)).map { _ in Int64(random.next() % 25) }, members: n)
            let peaks = ShapleyExact.peaks(game)
            guard peaks.last! > 0 else { continue }
            let cost: Int64 = 1_000_000
            let least = LeastCore.split(cost, game: game).amounts
            let shapley = ShapleyCostSplit.exact(cost, game: game).amounts
            #expect(least.reduce(0, +) == cost && least.allSatisfy { $0 >= 0 })
            // Largest remainder moves each member less than a fen from its exact share, so a
            // coalition of |S| members pays at most |S| fen above c(S) + e (checked with n fen).
            let e = try LeastCore.point(game).excess * Double(cost)
            #expect(maxExcess(least, peaks: peaks, cost: cost) <= e + Double(n))
            // The core is never empty here: splitting by load at N's peak interval t* pays each S
            // L_t*(S) x min(G, L_t*(N)) / L_t*(N) <= min(G_t*, L_t*(S)) <= c(S). So e <= 0.
            #expect(e <= 1e-6 * Double(cost))
            let shapleyExcess = maxExcess(shapley, peaks: peaks, cost: cost)
            #expect(maxExcess(least, peaks: peaks, cost: cost) <= shapleyExcess + Double(n))
        }
    }

    @Test("deterministic: the same game gives the same fen, also solved on several threads at once")
    func deterministic() async throws {
        var random = SplitMix64(seed: 5)
        let n = 9, t = 40
        let game = PeakGame(generation: (0..<t).map { _ in Int64(random.next() % 900) },
                            load: (0..<(n * t)).map { _ in Int64(random.next() % 200) }, members: n)
        let first = LeastCore.split(123_456_789, game: game)
        let others = await withTaskGroup(of: [Int64].self) { group in
            for _ in 0..<6 { group.addTask { LeastCore.split(123_456_789, game: game).amounts } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(others.allSatisfy { $0 == first.amounts })
    }
}
