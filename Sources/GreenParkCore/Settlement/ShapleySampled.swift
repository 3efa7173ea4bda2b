import Dispatch

/// The Shapley value of the capacity game estimated from random orders of the members
/// (Castro et al. 2009), for parks too large to enumerate (DOMAIN.md 6). Each sampled
/// order is used with its reverse (antithetic pairs lower the variance); a member's
/// estimate is the mean of its marginal peak contributions, with a 95 % error bound of
/// `1.96 x standard deviation / sqrt(orders)`. Seeded, so a run can be repeated exactly.
public enum ShapleySampled {
    public struct Estimate: Sendable {
        /// Mean marginal contribution to the peak per member (Wh).
        public var mean: [Double]
        /// 95 % error bound of each mean (Wh).
        public var bound95: [Double]
        /// Orders sampled (each antithetic pair counts as two).
        public var orders: Int
    }

    /// Sums of pair means and of their squares per member: batches of samples merge.
    public struct Accumulator: Sendable {
        public var sums: [Double]
        public var squares: [Double]
        public var pairs: Int

        init(sums: [Double], squares: [Double], pairs: Int) {
            self.sums = sums
            self.squares = squares
            self.pairs = pairs
        }

        public init(members: Int) {
            sums = Array(repeating: 0, count: members)
            squares = sums
            pairs = 0
        }

        public mutating func merge(_ other: Accumulator) {
            for i in sums.indices { sums[i] += other.sums[i]; squares[i] += other.squares[i] }
            pairs += other.pairs
        }

        /// Means and 95 % bounds. The two orders of a pair are not independent: the bound
        /// uses the variance of the pair means.
        public var estimate: Estimate {
            var mean = [Double](repeating: 0, count: sums.count), bound = mean
            for i in sums.indices {
                mean[i] = sums[i] / Double(max(1, pairs))
                let variance = max(0, (squares[i] - Double(pairs) * mean[i] * mean[i]) / Double(max(1, pairs - 1)))
                bound[i] = pairs > 1 ? 1.96 * (variance / Double(pairs)).squareRoot() : .infinity
            }
            return Estimate(mean: mean, bound95: bound, orders: 2 * pairs)
        }
    }

    /// Samples `pairs` antithetic pairs of orders on both cores; `seed` picks the orders.
    public static func sample(_ game: PeakGame, pairs: Int, seed: UInt64) -> Accumulator {
        if game.fitsInt32 {
            let (load, generation) = game.narrow
            return sample(load: load, generation: generation, game: game, pairs: pairs, seed: seed)
        }
        return sample(load: game.load, generation: game.generation, game: game, pairs: pairs, seed: seed)
    }

    static func sample<T: FixedWidthInteger & SignedInteger & Sendable>(load: [T], generation: [T], game: PeakGame, pairs: Int, seed: UInt64) -> Accumulator {
        let n = game.members, t = game.intervals
        let threads = pairs >= 2 ? 2 : 1
        var sums = [[Double]](repeating: Array(repeating: 0, count: n), count: threads)
        var squares = sums
        let grand = game.peak(Array(0..<n))
        sums.withUnsafeMutableBufferPointer { sumBuffer in
            squares.withUnsafeMutableBufferPointer { squareBuffer in
                nonisolated(unsafe) let sumOut = sumBuffer, squareOut = squareBuffer
                DispatchQueue.concurrentPerform(iterations: threads) { thread in
                    var random = SplitMix64(seed: seed &+ UInt64(thread) &* 0x9E37_79B9_7F4A_7C15)
                    var sums = [T](repeating: 0, count: t)
                    var marginal = [Double](repeating: 0, count: n), pair = marginal
                    var localSum = [Double](repeating: 0, count: n), localSquare = localSum
                    var order = Array(0..<n)
                    let share = pairs / threads + (thread < pairs % threads ? 1 : 0)
                    for _ in 0..<share {
                        for k in stride(from: n - 1, to: 0, by: -1) { order.swapAt(k, Int(random.next() % UInt64(k + 1))) }
                        load.withUnsafeBufferPointer { load in
                            generation.withUnsafeBufferPointer { generation in
                                sums.withUnsafeMutableBufferPointer { sums in
                                    walk(load: load, generation: generation, order, grand: grand, sums: sums, into: &pair)
                                    walk(load: load, generation: generation, order.reversed(), grand: grand, sums: sums, into: &marginal)
                                }
                            }
                        }
                        for i in 0..<n {
                            let mean = (pair[i] + marginal[i]) / 2
                            localSum[i] += mean
                            localSquare[i] += mean * mean
                        }
                    }
                    sumOut[thread] = localSum
                    squareOut[thread] = localSquare
                }
            }
        }
        var total = Accumulator(members: n)
        for k in 0..<threads { total.merge(Accumulator(sums: sums[k], squares: squares[k], pairs: 0)) }
        total.pairs = pairs
        return total
    }

    /// The marginal peak contribution of each member when they join in `order`. Once the
    /// coalition reaches the grand coalition's peak, the rest add nothing.
    static func walk<T: FixedWidthInteger & SignedInteger>(load: UnsafeBufferPointer<T>, generation: UnsafeBufferPointer<T>, _ order: [Int], grand: Int64,
                                                          sums: UnsafeMutableBufferPointer<T>, into marginal: inout [Double]) {
        let t = generation.count
        for k in 0..<t { sums[k] = 0 }
        var previous: T = 0
        let limit = T(truncatingIfNeeded: grand)
        for i in order {
            guard previous < limit else { marginal[i] = 0; continue }
            let row = load.baseAddress! + i * t
            var best: T = 0
            for k in 0..<t {
                let sum = sums[k] &+ row[k]
                sums[k] = sum
                best = max(best, min(generation[k], sum))
            }
            marginal[i] = Double(best - previous)
            previous = best
        }
    }
}
