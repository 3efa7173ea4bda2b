import Synchronization

/// A token bucket per caller: `burst` requests at once, refilled at `rate` per second.
/// Time is given by the caller (seconds, monotonic), so the limiter is a pure rule.
final class RateLimiter: Sendable {
    let rate: Double
    let burst: Double
    private let buckets = Mutex([String: (tokens: Double, at: Double)]())

    init(rate: Int, burst: Int) {
        self.rate = Double(max(1, rate))
        self.burst = Double(max(1, burst))
    }

    /// Takes one token of `key`'s bucket at `now`; false when it is empty.
    func take(_ key: String, now: Double) -> Bool {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? (burst, now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * rate)
            bucket.at = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            if buckets.count > 100_000 { buckets.removeAll(keepingCapacity: true) }
            buckets[key] = bucket
            return allowed
        }
    }
}
