import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkOptimization

/// `greenpark bench shapley`: exact Shapley for a mid-sized park, sampled for a large one.
struct BenchShapley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shapley",
        abstract: "Time the exact and the sampled Shapley split of a shared capacity cost; prints JSON.",
        discussion: """
            Synthetic but shaped like a park: members with day-shift, two-shift or continuous
            load profiles (0.2 to 2 MW, weekends lower, +-10 % noise) and a PV plus wind supply
            of about 80 % of the mean load, at 15 minutes for --days days (seeded). Exact:
            --members members (2^n coalitions over the undominated intervals). Sampled:
            --sampled-members members, a fixed budget of --orders antithetic orders (the
            amounts do not depend on the machine's speed); reports the sum and the largest
            of the members' 95 % error bounds. Also times the least-core split (an LP of
            2^n - 2 coalition constraints, solved by Clp) for --least-core-members members.
            """
    )

    @Option(help: "Members for the exact Shapley value.") var members: Int = 20
    @Option(help: "Members for the sampled Shapley value.") var sampledMembers: Int = 500
    @Option(help: "Days at 15 minutes.") var days: Int = 365
    @Option(help: "Orders sampled (an even number, at least 4).") var orders: Int = ShapleyCostSplit.defaultOrders
    @Option(help: "Members for the least-core split (up to 24 here; park files allow \(LeastCore.maximumMembers)).")
    var leastCoreMembers: Int = LeastCore.maximumMembers

    func validate() throws {
        guard (2...ShapleyExact.maximumMembers).contains(members) else { throw ValidationError("--members must be 2 to \(ShapleyExact.maximumMembers)") }
        guard sampledMembers >= 2, days >= 1 else { throw ValidationError("--sampled-members >= 2 and --days >= 1") }
        guard orders >= 4, orders % 2 == 0 else { throw ValidationError("--orders must be an even number, at least 4") }
        guard (2...ShapleyExact.maximumMembers).contains(leastCoreMembers) else {
            throw ValidationError("--least-core-members must be 2 to \(ShapleyExact.maximumMembers)")
        }
    }

    /// A seeded park-like game.
    static func game(members n: Int, days: Int, seed: UInt64) -> PeakGame {
        var random = SplitMix64(seed: seed)
        let t = days * 96
        var load = [Int64](repeating: 0, count: n * t)
        var meanTotal = 0.0
        for i in 0..<n {
            let base = 0.2 + 1.8 * random.nextDouble()    // MW
            let kind = i % 3
            for k in 0..<t {
                let day = k / 96, hour = Double(k % 96) / 4
                let weekend = day % 7 >= 5
                let level: Double = switch kind {
                case 0: (8...17).contains(hour) && !weekend ? 1 : 0.15
                case 1: (6...22).contains(hour) ? (weekend ? 0.5 : 1) : 0.25
                default: 0.85 + 0.15 * sin(2 * .pi * hour / 24)
                }
                let mw = base * level * (0.9 + 0.2 * random.nextDouble())
                load[i * t + k] = Int64(mw * 250_000)    // MW over 15 minutes, in Wh
                meanTotal += mw
            }
        }
        meanTotal /= Double(t)
        var generation = [Int64](repeating: 0, count: t)
        var wind = 0.4, cloud = 1.0
        for k in 0..<t {
            let day = k / 96, hour = Double(k % 96) / 4
            if k % 96 == 0 { cloud = 0.3 + 0.7 * random.nextDouble() }
            wind = min(1, max(0, wind + 0.05 * (random.nextDouble() - 0.5) + 0.01 * (0.35 - wind)))
            let season = 0.75 + 0.25 * cos(2 * .pi * (Double(day) - 172) / 365)
            let sun = max(0, sin(.pi * (hour - 6) / 12)) * season * cloud
            let mw = meanTotal * (0.9 * sun + 0.6 * wind)
            generation[k] = Int64(mw * 250_000)
        }
        return PeakGame(generation: generation, load: load, members: n)
    }

    func run() throws {
        let cost: Int64 = 1_200_000_000    // 12 million CNY a year, in fen
        let exactGame = Self.game(members: members, days: days, seed: 11)
        var clock = ContinuousClock.now
        let reduced = exactGame.candidates()
        let pruneSeconds = (ContinuousClock.now - clock).seconds
        clock = ContinuousClock.now
        let exact = ShapleyCostSplit.exact(cost, game: exactGame)
        let exactSeconds = (ContinuousClock.now - clock).seconds
        let small = Self.game(members: leastCoreMembers, days: days, seed: 13)
        clock = ContinuousClock.now
        let leastCore = LeastCore.split(cost, game: small)
        let leastCoreSeconds = (ContinuousClock.now - clock).seconds
        let large = Self.game(members: sampledMembers, days: days, seed: 12)
        clock = ContinuousClock.now
        let sampled = ShapleyCostSplit.sampled(cost, game: large, orders: orders, seed: 5)
        let sampledSeconds = (ContinuousClock.now - clock).seconds
        let bounds = sampled.errorBounds ?? []
        let result: [String: Any] = [
            "exact_members": members, "intervals": exactGame.intervals, "exact_candidate_intervals": reduced.intervals,
            "exact_prune_seconds": pruneSeconds, "exact_seconds": exactSeconds, "exact_sum_fen": exact.amounts.reduce(0, +),
            "least_core_members": leastCoreMembers, "least_core_seconds": leastCoreSeconds,
            "least_core_note": leastCore.note,
            "least_core_sum_fen": leastCore.amounts.reduce(0, +),
            "sampled_members": sampledMembers, "sampled_seconds": sampledSeconds, "sampled_note": sampled.note,
            "sampled_sum_fen": sampled.amounts.reduce(0, +), "cost_fen": cost,
            "bound_sum_share_of_cost": Double(bounds.reduce(0, +)) / Double(cost),
            "bound_max_share_of_cost": Double(bounds.max() ?? 0) / Double(cost),
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    }
}
