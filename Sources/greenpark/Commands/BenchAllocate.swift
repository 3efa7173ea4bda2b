import ArgumentParser
import Foundation
import GreenParkCore

/// `greenpark bench allocate`: throughput of the allocation kernel.
struct BenchAllocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract: "Time the allocation kernel on seeded synthetic data; prints JSON.",
        discussion: """
            Data as in the numpy reference (peers/peer_alloc.py): member scale uniform in
            50,000..2,000,000 Wh per quarter hour, a daily sine shape, +-30 % noise; park
            generation = total consumption x uniform(0, 1.4); weights uniform(0.5, 2). One
            generator. Times only AllocationEngine.run into result arrays allocated by a first
            untimed run (best of --repeat runs).
            """
    )

    @Option(help: "Members.") var members: Int = 1000
    @Option(help: "Intervals.") var intervals: Int = 35040
    @Option(help: "pro-rata, static, weighted or priority.") var key: String = "pro-rata"
    @Option(help: "Threads (cores) to use.") var threads: Int = 2
    @Option(help: "Runs; the fastest is reported.") var `repeat`: Int = 3
    @Option(help: "Seed of the synthetic data.") var seed: UInt64 = 1

    func run() throws {
        try Terminal.run {
            guard let keyName = AllocationKeyName(rawValue: key) else {
                throw ArgumentProblem(message: "--key must be one of \(AllocationKeyName.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let members = self.members, intervals = self.intervals, threads = self.threads
            var random = SplitMix64(seed: seed)
            let base = (0..<members).map { _ in 50_000 + random.nextDouble() * 1_950_000 }
            var consumption = [Int64](repeating: 0, count: members * intervals)
            var generation = [Int64](repeating: 0, count: intervals)
            for t in 0..<intervals {
                let shape = 0.6 + 0.4 * sin(2 * Double.pi * Double(t) / 96)
                var total: Int64 = 0
                for i in 0..<members {
                    let c = Int64(base[i] * shape * (0.7 + 0.6 * random.nextDouble()))
                    consumption[t * members + i] = c
                    total += c
                }
                generation[t] = Int64(Double(total) * 1.4 * random.nextDouble())
            }
            let weights = (0..<members).map { _ in Int64((0.5 + 1.5 * random.nextDouble()) * 1_000_000) }
            let shares = Array(repeating: Int64(1_000_000 / members), count: members)
            let tiers = (0..<members).map { $0 % 3 + 1 }
            let rule = AllocationRule(key: keyName, memberCount: members, generatorCount: 1, shares: shares, weights: weights, tiers: tiers)
            let problem = AllocationProblem(memberCount: members, generatorCount: 1, intervalCount: intervals, consumption: consumption, generation: generation)
            let engine = AllocationEngine(rule: rule)
            // A first run allocates the result arrays; the timed runs reuse them.
            var outcome = try engine.run(problem, threads: threads)
            var best = Double.infinity
            for _ in 0..<max(1, self.repeat) {
                let clock = ContinuousClock.now
                try engine.run(problem, into: &outcome, threads: threads)
                best = min(best, (ContinuousClock.now - clock).seconds)
            }
            let checksum = outcome.allocated.reduce(0, &+)
            let n = Double(members * intervals)
            let result: [String: Any] = [
                "impl": "greenpark-swift", "key": key, "members": members, "intervals": intervals, "threads": threads,
                "member_intervals": members * intervals, "seconds": best, "member_intervals_per_second": n / best,
                "allocated_checksum": checksum,
            ]
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
