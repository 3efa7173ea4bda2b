/// What each member received from the park's storage devices, interval by interval, and the
/// green part of it by origin (DOMAIN.md 4a): what Scope 2, the CFE score, CBAM and
/// members.csv add to the energy a member took straight from the generators.
///
/// - `fromStorage`: the member's share of every device's discharge (the key over the
///   generators and the discharging devices).
/// - `green`: the certificates released for the discharge hour go to whoever took the
///   discharge (``StorageAccounting``); a member's green Wh of an hour are spread over the
///   hour's intervals in proportion to what it took from storage in each (largest
///   remainder, earlier intervals first among equals), so that they never exceed it.
///
/// Example (hourly intervals): M took 1,125,000 Wh in 20-21; 900,000 Wh of wind charge
/// was released for the hour: `fromStorage` 1,125,000, `green` 900,000.
public struct StorageSupply: Sendable, Equatable {
    public let memberCount: Int
    public let intervalCount: Int
    /// `fromStorage[t * memberCount + i]`, in Wh.
    public let fromStorage: [Int64]
    /// `green[t * memberCount + i]`, in Wh; never above `fromStorage`.
    public let green: [Int64]

    /// From the outcome over generators then devices (`combined`) and the period's records.
    /// `from` is the first interval's start, `step` the interval length in seconds.
    public init(period: StoragePeriod, combined: AllocationOutcome, generatorCount m: Int, deviceCount s: Int,
                from: Timestamp, step: Int64) {
        let n = combined.memberCount, count = combined.intervalCount
        memberCount = n
        intervalCount = count
        var taken = [Int64](repeating: 0, count: n * count)
        for t in 0..<count where !combined.excluded[t] {
            for i in 0..<n {
                var sum: Int64 = 0
                for k in 0..<s { sum += combined.allocated(interval: t, member: i, generator: m + k) }
                taken[t * n + i] = sum
            }
        }
        var green = [Int64](repeating: 0, count: n * count)
        var t = 0
        while t < count {
            // The intervals of one UTC hour.
            let hour = Timestamp(seconds: from.seconds + Int64(t) * step).utcHourStart
            var end = t + 1
            while end < count, Timestamp(seconds: from.seconds + Int64(end) * step).utcHourStart == hour { end += 1 }
            for i in 0..<n {
                let released = period.memberGreen(hour: hour, member: i)
                guard released > 0 else { continue }
                let weights = (t..<end).map { taken[$0 * n + i] }
                let shares = LargestRemainder.shares(of: min(released, weights.reduce(0, +)), weights: weights)
                for (k, u) in (t..<end).enumerated() { green[u * n + i] = shares[k] }
            }
            t = end
        }
        fromStorage = taken
        self.green = green
    }

    /// One member's figures as read back (an evidence pack): `green` never above `fromStorage`,
    /// neither negative, else nil.
    public init?(fromStorage: [Int64], green: [Int64]) {
        guard fromStorage.count == green.count,
              zip(fromStorage, green).allSatisfy({ $0 >= 0 && $1 >= 0 && $1 <= $0 }) else { return nil }
        memberCount = 1
        intervalCount = fromStorage.count
        self.fromStorage = fromStorage
        self.green = green
    }

    /// What member `i` took from storage in interval `t`, and the green part of it.
    public func member(_ i: Int, interval t: Int) -> (fromStorage: Int64, green: Int64) {
        (fromStorage[t * memberCount + i], green[t * memberCount + i])
    }
}
