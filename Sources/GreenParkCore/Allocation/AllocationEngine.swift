import Dispatch

/// Runs an allocation key over every interval of a period (DOMAIN.md 3): the key shares
/// the generation among members, contracts serve their pinned members first, and every
/// allocated Wh is attributed to a generator. Large periods are split across the cores;
/// each thread reuses its own scratch buffers, so the inner loops never allocate.
public struct AllocationEngine: Sendable {
    public let rule: AllocationRule

    public init(rule: AllocationRule) { self.rule = rule }

    /// Allocates every interval of `problem`. Fails when an interval's total consumption
    /// or generation does not fit in Int64.
    public func run(_ problem: AllocationProblem, threads: Int = 2) throws -> AllocationOutcome {
        precondition(problem.memberCount == rule.memberCount && problem.generatorCount == rule.generatorCount)
        let n = problem.memberCount, m = problem.generatorCount, count = problem.intervalCount
        try Self.checkTotals(problem)
        var allocated = [Int64](repeating: 0, count: n * count)
        // With one generator every Wh comes from it: the attribution is `allocated` itself.
        var bySource = [Int64](repeating: 0, count: m == 1 && !rule.hasContracts ? 0 : n * m * count)
        var surplus = [Int64](repeating: 0, count: count)
        let parts = count * max(n, 1) >= 50_000 ? max(1, threads) : 1
        problem.consumption.withUnsafeBufferPointer { consumption in
            problem.generation.withUnsafeBufferPointer { generation in
                allocated.withUnsafeMutableBufferPointer { allocatedOut in
                    bySource.withUnsafeMutableBufferPointer { sourceOut in
                        surplus.withUnsafeMutableBufferPointer { surplusOut in
                            let job = Job(rule: rule, n: n, m: m, consumption: consumption, generation: generation,
                                          excluded: problem.excluded, allocated: allocatedOut, bySource: sourceOut, surplus: surplusOut)
                            DispatchQueue.concurrentPerform(iterations: parts) { part in
                                let lower = count * part / parts, upper = count * (part + 1) / parts
                                job.run(lower..<upper)
                            }
                        }
                    }
                }
            }
        }
        return AllocationOutcome(memberCount: n, generatorCount: m, intervalCount: count, allocated: allocated, bySource: bySource, surplus: surplus)
    }

    static func checkTotals(_ problem: AllocationProblem) throws {
        let n = problem.memberCount, m = problem.generatorCount
        try problem.consumption.withUnsafeBufferPointer { c in
            try problem.generation.withUnsafeBufferPointer { g in
                for t in 0..<problem.intervalCount {
                    guard ExactArithmetic.sum(UnsafeBufferPointer(rebasing: c[(t * n)..<(t * n + n)])) != nil,
                          ExactArithmetic.sum(UnsafeBufferPointer(rebasing: g[(t * m)..<(t * m + m)])) != nil else {
                        throw AllocationSetupError(message: "interval \(t): total consumption or generation exceeds 9.2e18 Wh")
                    }
                }
            }
        }
    }

    /// One thread's share of the work; the buffers are disjoint per interval.
    private struct Job: @unchecked Sendable {
        let rule: AllocationRule
        let n: Int
        let m: Int
        let consumption: UnsafeBufferPointer<Int64>
        let generation: UnsafeBufferPointer<Int64>
        let excluded: [Bool]
        let allocated: UnsafeMutableBufferPointer<Int64>
        let bySource: UnsafeMutableBufferPointer<Int64>
        let surplus: UnsafeMutableBufferPointer<Int64>

        func run(_ intervals: Range<Int>) {
            let scratch = AllocationScratch(capacity: max(n, m))
            let remainingConsumption = UnsafeMutablePointer<Int64>.allocate(capacity: max(n, 1))
            let remainingGeneration = UnsafeMutablePointer<Int64>.allocate(capacity: max(m, 1))
            let second = UnsafeMutablePointer<Int64>.allocate(capacity: max(n, 1))
            defer { remainingConsumption.deallocate(); remainingGeneration.deallocate(); second.deallocate() }
            for t in intervals where !excluded[t] {
                let c = consumption.baseAddress! + t * n
                let g = generation.baseAddress! + t * m
                let a = allocated.baseAddress! + t * n
                let sources = bySource.baseAddress! + t * n * m
                var total: Int64 = 0
                for j in 0..<m { total += g[j] }
                if !rule.hasContracts {
                    let used = allocate(total, c, into: a, scratch)
                    if total > 0 && m > 1 {
                        GeneratorAttribution.split(allocated: a, members: n, generation: g, total: total, generators: m, addingTo: sources, scratch: scratch)
                    }
                    surplus[t] = total - used
                    continue
                }
                // Contracts first: each generator's output to the members pinned to it (pro rata).
                remainingConsumption.update(from: c, count: n)
                remainingGeneration.update(from: g, count: m)
                for j in 0..<m where !rule.pinned[j].isEmpty && remainingGeneration[j] > 0 {
                    let group = rule.pinned[j]
                    for (k, i) in group.enumerated() { scratch.gathered[k] = remainingConsumption[i] }
                    let used = ProRataKey.allocate(green: remainingGeneration[j], consumption: scratch.gathered, count: group.count, into: scratch.gatheredResult, scratch: scratch)
                    for (k, i) in group.enumerated() {
                        sources[i * m + j] += scratch.gatheredResult[k]
                        remainingConsumption[i] -= scratch.gatheredResult[k]
                    }
                    remainingGeneration[j] -= used
                }
                // Then the rest by the park's key, attributed by what each generator has left.
                var rest: Int64 = 0
                for j in 0..<m { rest += remainingGeneration[j] }
                _ = allocate(rest, remainingConsumption, into: second, scratch)
                if rest > 0 {
                    GeneratorAttribution.split(allocated: second, members: n, generation: remainingGeneration, total: rest, generators: m, addingTo: sources, scratch: scratch)
                }
                var allocatedTotal: Int64 = 0
                for i in 0..<n {
                    a[i] = c[i] - remainingConsumption[i] + second[i]
                    allocatedTotal += a[i]
                }
                surplus[t] = total - allocatedTotal
            }
        }

        @inline(__always)
        func allocate(_ green: Int64, _ c: UnsafePointer<Int64>, into a: UnsafeMutablePointer<Int64>, _ scratch: AllocationScratch) -> Int64 {
            switch rule.key {
            case .proRata:
                return ProRataKey.allocate(green: green, consumption: c, count: n, into: a, scratch: scratch)
            case .static:
                return rule.shares.withUnsafeBufferPointer { StaticKey.allocate(green: green, consumption: c, shares: $0.baseAddress!, count: n, into: a) }
            case .weighted:
                return rule.weights.withUnsafeBufferPointer { WeightedKey.allocate(green: green, consumption: c, weights: $0.baseAddress!, count: n, into: a, scratch: scratch) }
            case .priority:
                return rule.tierOrder.withUnsafeBufferPointer { PriorityKey.allocate(green: green, consumption: c, order: $0.baseAddress!, tierEnds: rule.tierEnds, into: a, scratch: scratch) }
            }
        }
    }
}
