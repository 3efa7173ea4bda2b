import GreenParkCore

/// A period's allocation as `greenpark allocate` computes it (DOMAIN.md 3 and 4a), on data
/// already read: the key over the generators, or with storage over the generators and the
/// discharging devices, then the devices' charge and their hourly records from `queues`,
/// and the summary. One place for the allocation and the what-if (``SimulationService``).
public struct PeriodEvaluation: Sendable {
    /// The members' allocation from the generators (what certificates follow).
    public var outcome: AllocationOutcome
    /// Over the generators, then the devices (the same as `outcome` without storage).
    public var combined: AllocationOutcome
    public var storage: StoragePeriod?
    /// What each member took from storage per interval, and its green part (nil without storage).
    public var supply: StorageSupply?
    public var summary: AllocationSummary

    /// Evaluates `data` of `park`. With storage the period must start on a whole UTC hour;
    /// `recorded`: the efficiencies certified charge records keep (by record id).
    public init(park: Park, data: PeriodData, rule: AllocationRule, profile: PolicyProfile,
                factors: EmissionFactorTable, periodStart: CivilDate,
                recorded: [String: Fixed6] = [:], queues: () throws -> [StorageQueue]) throws {
        if let series = data.storage {
            // Storage (DOMAIN.md 4a): a source beside the generators, charging after the members,
            // its queue carried from the device's first reading.
            guard data.from.seconds % 3600 == 0 else {
                throw ServiceError("allocation.storage-hour",
                                   "a park with storage is allocated in periods that start on a whole UTC hour "
                                       + "(its charge and discharge records are hourly); \(data.from) does not")
            }
            (outcome, combined) = try StorageAllocation.run(rule: rule, problem: data.problem, storage: series)
            storage = try StorageAccounting.run(
                memberIDs: park.members.map(\.id), problem: data.problem, combined: combined, storage: series,
                from: data.from, step: park.settings.resolution.seconds, queues: try queues(),
                recorded: StorageHistory.lookup(park: park, recorded))
            supply = StorageSupply(period: storage!, combined: combined, generatorCount: park.generators.count,
                                   deviceCount: series.deviceCount, from: data.from,
                                   step: park.settings.resolution.seconds)
        } else {
            outcome = try AllocationEngine(rule: rule).run(data.problem)
            combined = outcome
        }
        summary = try AllocationSummary(park: park, data: data, outcome: outcome, profile: profile,
                                        factors: factors, periodStart: periodStart, storage: storage)
    }
}
