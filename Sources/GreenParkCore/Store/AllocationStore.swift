/// Where allocation results are kept, next to the readings they came from.
public protocol AllocationStore: AnyObject, Sendable {
    /// Stores the result for a period. A result for exactly the same period with the same
    /// inputs is kept as it is (the run is idempotent); one with other inputs is replaced.
    func saveAllocation(_ record: AllocationRecord, outcome: AllocationOutcome, park: Park) throws -> AllocationSaveResult

    /// Every stored allocation, oldest first.
    func allocationRuns() throws -> [AllocationRecord]
}

/// An allocation run as stored.
public struct AllocationRecord: Sendable, Equatable {
    /// Assigned by the store.
    public var id: Int64
    public var from: Timestamp
    public var to: Timestamp
    public var key: String
    public var gapPolicy: String
    public var intervals: Int
    public var skippedIntervals: Int
    public var createdAt: Timestamp
    /// Digest of everything the result depends on: inputs, key and its parameters.
    public var inputDigest: String

    public init(id: Int64 = 0, from: Timestamp, to: Timestamp, key: String, gapPolicy: String, intervals: Int,
                skippedIntervals: Int, createdAt: Timestamp, inputDigest: String) {
        self.id = id
        self.from = from
        self.to = to
        self.key = key
        self.gapPolicy = gapPolicy
        self.intervals = intervals
        self.skippedIntervals = skippedIntervals
        self.createdAt = createdAt
        self.inputDigest = inputDigest
    }
}

/// What saving an allocation did.
public enum AllocationSaveResult: Sendable, Equatable {
    case stored(id: Int64)
    case unchanged(id: Int64)
    case replaced(id: Int64, previous: Int64)
}

extension AllocationRecord {
    /// A 64-bit FNV-1a digest over the period, the rule (key, shares, weights, tier order
    /// and tier boundaries, contracts) and the inputs (not a security hash: it tells
    /// whether a re-run has the same inputs). With `storage`, its metered charge and discharge
    /// are inputs too (a discharge is a source beside the generators, DOMAIN.md 4a); parks
    /// without storage keep their digests.
    public static func digest(rule: AllocationRule, problem: AllocationProblem, from: Timestamp, to: Timestamp,
                              storage: StorageSeries? = nil) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: Int64) {
            var v = UInt64(bitPattern: value)
            for _ in 0..<8 { h = (h ^ (v & 0xff)) &* 0x100_0000_01b3; v >>= 8 }
        }
        mix(from.seconds); mix(to.seconds)
        for byte in rule.key.rawValue.utf8 { mix(Int64(byte)) }
        rule.shares.forEach(mix); rule.weights.forEach(mix); rule.tierOrder.forEach { mix(Int64($0)) }
        // Where each tier ends: tiers (1, 2) and (1, 1) have the same order but allocate
        // differently. Mixed for the priority key only, so other keys keep their digests.
        if rule.key == .priority { mix(-2); rule.tierEnds.forEach { mix(Int64($0)) } }
        rule.pinned.forEach { group in mix(-1); group.forEach { mix(Int64($0)) } }
        problem.consumption.forEach(mix); problem.generation.forEach(mix)
        problem.excluded.forEach { mix($0 ? 1 : 0) }
        if let storage {
            mix(-3)
            mix(Int64(storage.deviceCount))
            storage.charge.forEach(mix); storage.discharge.forEach(mix)
        }
        return String(h, radix: 16)
    }
}
