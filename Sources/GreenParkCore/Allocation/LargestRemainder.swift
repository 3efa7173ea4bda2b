/// The largest-remainder (Hamilton) rounding of DOMAIN.md 3, normative.
///
/// Rule: after every entry got the floor of its exact share, the `leftover` Wh left go one
/// each to the entries with the largest remainders; equal remainders go to the lower
/// index first.
///
/// How: a radix select instead of a sort. Remainders are bucketed by their leading part
/// (`256 * r / d`, a monotone map, so bucket order is remainder order); the bucket that
/// holds the cut is then ordered exactly by (remainder descending, index ascending).
/// Two passes over the entries, no allocation (``AllocationScratch`` is reused).
public enum LargestRemainder {
    /// The bucket of a remainder: `floor(r * 256 / d)`, monotone in `r`.
    @inline(__always)
    static func bucket(_ remainder: Int64, _ scale: Double) -> UInt8 {
        UInt8(truncatingIfNeeded: min(255, Int(Double(remainder) * scale)))
    }

    /// Adds 1 to `values[i]` for the `leftover` entries with the largest remainders, ties
    /// to the lower index. The caller has filled `scratch.buckets` and `scratch.histogram`
    /// (with ``bucket(_:_:)``, entry i counted in histogram copy i mod 4) while computing
    /// the floors; `remainder(i)` gives entry i's exact remainder and is asked only for the
    /// entries in the bucket where the cut falls.
    @inline(__always)
    static func finish(
        leftover: Int, count n: Int, into values: UnsafeMutablePointer<Int64>, scratch: AllocationScratch,
        remainder: (Int) -> Int64
    ) {
        guard leftover > 0 else { return }
        let buckets = scratch.buckets
        let histogram = scratch.histogram
        let candidates = scratch.candidates
        // The bucket where the cut falls: everything above it is in. (The histogram is
        // kept in four interleaved copies, entry i in copy i mod 4, so that increments of
        // the same bucket do not wait on each other.)
        func total(_ b: Int) -> Int { histogram[b] &+ histogram[256 | b] &+ histogram[512 | b] &+ histogram[768 | b] }
        var above = 0
        var cut = 255
        while cut > 0, above + total(cut) < leftover {
            above += total(cut)
            cut -= 1
        }
        let inCut = leftover - above
        let cutBucket = UInt8(cut)
        var count = 0
        for i in 0..<n {
            let b = buckets[i]
            // Branch-free for the many entries above the cut; the cut bucket is rare.
            values[i] &+= b > cutBucket ? 1 : 0
            if b == cutBucket {
                candidates[count] = Int32(truncatingIfNeeded: i)
                count &+= 1
            }
        }
        if inCut == count {
            for c in 0..<count { values[Int(candidates[c])] += 1 }
            return
        }
        // Order the cut bucket exactly: remainder descending, index ascending.
        // Exact remainders of the few candidates (asked for here, not stored for everyone).
        let exact = scratch.sourceRemainders
        for c in 0..<count { exact[c] = remainder(Int(candidates[c])) }
        var order = UnsafeMutableBufferPointer(start: scratch.indices, count: count)
        for c in 0..<count { order[c] = Int32(truncatingIfNeeded: c) }
        order.sort { a, b in
            let ra = exact[Int(a)], rb = exact[Int(b)]
            return ra > rb || (ra == rb && candidates[Int(a)] < candidates[Int(b)])
        }
        // The first inCut candidates in that order get one Wh each.
        for c in 0..<inCut { values[Int(candidates[Int(order[c])])] += 1 }
    }
}

/// Reusable buffers for the allocation kernels, one per thread, so the inner loops never
/// allocate. Sized for `capacity` members (or generators).
public final class AllocationScratch: @unchecked Sendable {
    public let capacity: Int
    let buckets: UnsafeMutablePointer<UInt8>
    let histogram: UnsafeMutablePointer<Int>
    let candidates: UnsafeMutablePointer<Int32>
    /// Remainders of the entries being rounded.
    public let remainders: UnsafeMutablePointer<Int64>
    /// Gathered inputs and results for subsets (tiers, pinned groups, leftovers).
    let gathered: UnsafeMutablePointer<Int64>
    let gatheredResult: UnsafeMutablePointer<Int64>
    let flags: UnsafeMutablePointer<UInt8>
    let indices: UnsafeMutablePointer<Int32>
    /// Per-generator buffers for splitting one member's allocation among generators.
    let sourceRemainders: UnsafeMutablePointer<Int64>
    /// Consumption over weight per member (`weighted`).
    let ratios: UnsafeMutablePointer<Double>

    public init(capacity: Int) {
        let n = max(capacity, 1)
        self.capacity = n
        buckets = .allocate(capacity: n)
        histogram = .allocate(capacity: 1024)
        candidates = .allocate(capacity: n)
        remainders = .allocate(capacity: n)
        gathered = .allocate(capacity: n)
        gatheredResult = .allocate(capacity: n)
        flags = .allocate(capacity: n)
        indices = .allocate(capacity: n)
        sourceRemainders = .allocate(capacity: n)
        ratios = .allocate(capacity: n)
    }

    deinit {
        buckets.deallocate(); histogram.deallocate(); candidates.deallocate(); remainders.deallocate()
        gathered.deallocate(); gatheredResult.deallocate(); flags.deallocate(); indices.deallocate(); sourceRemainders.deallocate(); ratios.deallocate()
    }
}
