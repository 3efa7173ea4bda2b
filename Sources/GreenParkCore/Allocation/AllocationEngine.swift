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
        let n = problem.memberCount, m = problem.generatorCount, count = problem.intervalCount
        // Every interval writes all of its entries (excluded ones write zeros): no memset first.
        var outcome = AllocationOutcome(
            memberCount: n, generatorCount: m, intervalCount: count,
            allocated: [Int64](unsafeUninitializedCapacity: n * count) { _, initialized in initialized = n * count },
            // With one generator every Wh comes from it: the attribution is `allocated` itself.
            bySource: [Int64](repeating: 0, count: m == 1 && !rule.hasContracts ? 0 : n * m * count),
            surplus: [Int64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count })
        try run(problem, into: &outcome, threads: threads)
        outcome.excluded = problem.excluded
        return outcome
    }

    /// Allocates into an outcome of the right shape, reusing its memory (for repeated
    /// runs of the same size, e.g. benchmarks).
    public func run(_ problem: AllocationProblem, into outcome: inout AllocationOutcome, threads: Int = 2) throws {
        precondition(problem.memberCount == rule.memberCount && problem.generatorCount == rule.generatorCount)
        let n = problem.memberCount, m = problem.generatorCount, count = problem.intervalCount
        precondition(outcome.allocated.count == n * count && outcome.surplus.count == count)
        if !outcome.bySource.isEmpty {
            outcome.bySource.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        let parts = count * max(n, 1) >= 50_000 ? max(1, threads) : 1
        // One slot per part, each written only by its own thread and read after they join:
        // no shared flag, no data race. The first overflowing interval of the period wins.
        let firstOverflow = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
        firstOverflow.initialize(repeating: -1)
        defer { firstOverflow.deallocate() }
        var overflow = -1
        problem.consumption.withUnsafeBufferPointer { consumption in
            problem.generation.withUnsafeBufferPointer { generation in
                outcome.allocated.withUnsafeMutableBufferPointer { allocatedOut in
                    outcome.bySource.withUnsafeMutableBufferPointer { sourceOut in
                        outcome.surplus.withUnsafeMutableBufferPointer { surplusOut in
                            let job = Job(rule: rule, firstOverflow: firstOverflow, n: n, m: m,
                                          consumption: consumption, generation: generation,
                                          excluded: problem.excluded, allocated: allocatedOut, bySource: sourceOut, surplus: surplusOut)
                            DispatchQueue.concurrentPerform(iterations: parts) { part in
                                let lower = count * part / parts, upper = count * (part + 1) / parts
                                job.run(lower..<upper, part: part)
                            }
                            overflow = firstOverflow.first { $0 >= 0 } ?? -1
                        }
                    }
                }
            }
        }
        if overflow >= 0 {
            throw AllocationSetupError(message: "interval \(overflow): total consumption or generation exceeds 9.2e18 Wh")
        }
    }

    /// One thread's share of the work; the buffers are disjoint per interval.
    private struct Job: @unchecked Sendable {
        let rule: AllocationRule
        /// Per part, the first interval whose totals overflow Int64 (such intervals are left
        /// at zero), or -1; part `k` writes only slot `k`.
        let firstOverflow: UnsafeMutableBufferPointer<Int>
        let n: Int
        let m: Int
        let consumption: UnsafeBufferPointer<Int64>
        let generation: UnsafeBufferPointer<Int64>
        let excluded: [Bool]
        let allocated: UnsafeMutableBufferPointer<Int64>
        let bySource: UnsafeMutableBufferPointer<Int64>
        let surplus: UnsafeMutableBufferPointer<Int64>

        func run(_ intervals: Range<Int>, part: Int) {
            let scratch = AllocationScratch(capacity: max(n, m))
            let remainingConsumption = UnsafeMutablePointer<Int64>.allocate(capacity: max(n, 1))
            let remainingGeneration = UnsafeMutablePointer<Int64>.allocate(capacity: max(m, 1))
            let second = UnsafeMutablePointer<Int64>.allocate(capacity: max(n, 1))
            defer { remainingConsumption.deallocate(); remainingGeneration.deallocate(); second.deallocate() }
            for t in intervals {
                let c = consumption.baseAddress! + t * n
                let g = generation.baseAddress! + t * m
                let a = allocated.baseAddress! + t * n
                if excluded[t] {
                    a.update(repeating: 0, count: n)
                    surplus[t] = 0
                    continue
                }
                let sources = bySource.baseAddress! + t * n * m
                var total: Int64 = 0
                var consumed: Int64 = 0
                var overflowed = false
                for j in 0..<m {
                    let (next, o) = total.addingReportingOverflow(g[j])
                    total = next; overflowed = overflowed || o
                }
                for i in 0..<n {
                    let (next, o) = consumed.addingReportingOverflow(c[i])
                    consumed = next; overflowed = overflowed || o
                }
                if overflowed {
                    if firstOverflow[part] < 0 { firstOverflow[part] = t }
                    a.update(repeating: 0, count: n)
                    surplus[t] = 0
                    continue
                }
                if !rule.hasContracts {
                    let used = allocate(total, c, consumed, into: a, scratch)
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
                _ = allocate(rest, remainingConsumption, nil, into: second, scratch)
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
        func allocate(_ green: Int64, _ c: UnsafePointer<Int64>, _ consumed: Int64?, into a: UnsafeMutablePointer<Int64>, _ scratch: AllocationScratch) -> Int64 {
            switch rule.key {
            case .proRata:
                return ProRataKey.allocate(green: green, consumption: c, count: n, total: consumed, into: a, scratch: scratch)
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
