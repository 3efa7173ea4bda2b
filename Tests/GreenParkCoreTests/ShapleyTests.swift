import Foundation
@testable import GreenParkCore
import Testing

@Suite("Shared capacity cost: the Shapley game and the other methods (DOMAIN.md 6)")
struct ShapleyTests {
    /// Two intervals; loads A = [6, 0], B = [0, 6], C = [2, 2]; generation G.
    func game(_ g: [Int64]) -> PeakGame { PeakGame(generation: g, load: [6, 0, 0, 6, 2, 2], members: 3) }

    @Test("worked by hand: G = [7, 10]")
    func handWorked() {
        let game = game([7, 10])
        // peak: A 6, B 6, C 2, AB 6, AC max(min(7,8), min(10,2)) = 7, BC max(2, 8) = 8, ABC max(7, 8) = 8.
        let peaks = ShapleyExact.peaks(game)
        #expect(peaks == [0, 6, 6, 6, 2, 7, 8, 8])
        // Weights 1/3, 1/6, 1/6, 1/3 (|S| = 0, 1, 1, 2):
        // phi_A = 6/3 + 0/6 + (7-2)/6 + (8-8)/3 = 17/6; phi_B = 6/3 + 0/6 + (8-2)/6 + (8-7)/3 = 20/6;
        // phi_C = 2/3 + (7-6)/6 + (8-6)/6 + (8-6)/3 = 11/6; sum 48/6 = 8 = peak(N).
        // Numerators use w(k) = k!(n-1-k)! / gcd = 2, 1, 2 (x 6 / 2 = x 3 of the sixths): 17, 20, 11.
        #expect(ShapleyExact.numerators(peaks: peaks, members: 3) == [17, 20, 11])
        // 4,800 fen: 4800 x 17/48 = 1700, 2000, 1100.
        #expect(ShapleyCostSplit.exact(4800, game: game).amounts == [1700, 2000, 1100])
    }

    @Test("the other methods: energy, own peak, equal")
    func simpleMethods() {
        // Two intervals, members a (C 10, 10) and b (C 0, 30); allocated a (10, 5), b (0, 15).
        let problem = AllocationProblem(memberCount: 2, generatorCount: 1, intervalCount: 2, consumption: [10, 0, 10, 30], generation: [10, 20])
        let outcome = AllocationOutcome(memberCount: 2, generatorCount: 1, intervalCount: 2, allocated: [10, 0, 5, 15], bySource: [], surplus: [0, 0])
        // energy: 15 : 15 -> 50 / 50; peak: 10 : 15 -> 40 / 60; equal: 50 / 50 (101: 51 / 50).
        #expect(SimpleCostSplits.split(100, method: .energy, problem: problem, outcome: outcome).amounts == [50, 50])
        #expect(SimpleCostSplits.split(100, method: .peak, problem: problem, outcome: outcome).amounts == [40, 60])
        #expect(SimpleCostSplits.split(101, method: .equal, problem: problem, outcome: outcome).amounts == [51, 50])
    }

    func randomGame(_ random: inout SplitMix64, members n: Int, intervals t: Int) -> PeakGame {
        let g = (0..<t).map { _ in Int64(random.next() % 50) }
        var load = (0..<(n * t)).map { _ in Int64(random.next() % 20) }
        // Member 0 is a null player (no load), members 1 and 2 are twins.
        for k in 0..<t { load[k] = 0; if n > 2 { load[2 * t + k] = load[t + k] } }
        return PeakGame(generation: g, load: load, members: n)
    }

    @Test("on random games: Gray-code peaks and candidate intervals are exact; efficiency, symmetry, null player")
    func properties() {
        var random = SplitMix64(seed: 2026)
        for _ in 0..<150 {
            let n = 3 + Int(random.next() % 5), t = 1 + Int(random.next() % 40)
            let game = randomGame(&random, members: n, intervals: t)
            let peaks = ShapleyExact.peaks(game)
            let reduced = game.candidates()
            for s in 0..<(1 << n) {
                let members = (0..<n).filter { s & (1 << $0) != 0 }
                #expect(peaks[s] == game.peak(members))
                #expect(reduced.peak(members) == peaks[s])
            }
            let cost = Int64(random.next() % 1_000_000_000)
            let split = ShapleyCostSplit.exact(cost, game: game).amounts
            #expect(split.reduce(0, +) == cost)
            if peaks.last! > 0 {
                #expect(split[0] == 0)
                #expect(abs(split[1] - split[2]) <= 1)
            }
        }
    }

    @Test("sampled Shapley: close to the exact value, within its bounds, and efficient")
    func sampled() {
        var random = SplitMix64(seed: 7)
        var outside = 0, total = 0
        for round in 0..<8 {
            let game = randomGame(&random, members: 8, intervals: 60)
            let cost: Int64 = 10_000_000
            let exact = ShapleyCostSplit.exact(cost, game: game).amounts
            let sampled = ShapleyCostSplit.sampled(cost, game: game, orders: 8000, seed: UInt64(round))
            #expect(sampled.amounts.reduce(0, +) == cost)
            #expect(sampled.amounts[0] == 0 && sampled.errorBounds![0] == 0)
            for i in 1..<8 {
                total += 1
                if abs(sampled.amounts[i] - exact[i]) > sampled.errorBounds![i] + 1 { outside += 1 }
            }
        }
        // A 95 % bound: a few misses of 56 are expected, many are not.
        #expect(outside <= 8, "\(outside) of \(total) outside their 95 % bound")
    }

    @Test("sampled Shapley is a function of its inputs: a fixed, seeded budget of orders, stated in the note")
    func sampledDeterministic() {
        var random = SplitMix64(seed: 41)
        let game = randomGame(&random, members: 30, intervals: 200)
        let first = ShapleyCostSplit.sampled(123_456_789, game: game, orders: 600, seed: 9)
        // Slow the second call down (another split in between): the amounts must not move.
        _ = ShapleyCostSplit.sampled(123_456_789, game: game, orders: 20_000, seed: 10)
        let second = ShapleyCostSplit.sampled(123_456_789, game: game, orders: 600, seed: 9)
        #expect(first == second)
        #expect(first.note.hasPrefix("600 sampled orders (300 antithetic pairs from seed 9)"), "\(first.note)")
        let byDefault = ShapleyCostSplit.sampled(123_456_789, game: game, seed: 9)
        #expect(byDefault.note.hasPrefix("\(ShapleyCostSplit.defaultOrders) sampled orders"))
        // Another budget is another estimate (still efficient).
        let other = ShapleyCostSplit.sampled(123_456_789, game: game, orders: 602, seed: 9)
        #expect(other.amounts.reduce(0, +) == 123_456_789 && other.amounts != first.amounts)
    }

    @Test("GreenParkCore reads no clock (its results cannot depend on the machine's speed)")
    func noClock() throws {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let core = package.appendingPathComponent("Sources/GreenParkCore")
        let files = FileManager.default.enumerator(at: core, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for clock in ["ContinuousClock", "SuspendingClock", "Date()", "Date.now", "DispatchTime.now",
                          "clock_gettime", "gettimeofday"] {
                #expect(!text.contains(clock), "\(file.lastPathComponent) reads a clock: \(clock)")
            }
        }
    }

    @Test("wide multiply-divide matches Int128 where that fits, and handles 192-bit products")
    func wide() {
        var random = SplitMix64(seed: 3)
        for _ in 0..<1000 {
            let a = Int64(random.next() >> 34), b = Int128(random.next() >> 2), c = Int128(random.next() >> 3) + 1
            let (q, r) = ExactArithmetic.mulDiv(a, b, c)
            #expect(Int128(q) == Int128(a) * b / c && r == Int128(a) * b % c)
        }
        // 10^12 x 10^33 / 10^35 = 10^10.
        let big = Int128(1_000_000_000_000_000) * 1_000_000_000_000_000_000
        #expect(ExactArithmetic.mulDiv(1_000_000_000_000, big, big * 100).quotient == 10_000_000_000)
    }
}
