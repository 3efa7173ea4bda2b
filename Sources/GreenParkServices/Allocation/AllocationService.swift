import Foundation
import GreenParkCore
import GreenParkFormats

/// Allocation of a stored period (DOMAIN.md 3): the green energy shared among members
/// interval by interval with the park's key, attributed to generators, with the summary,
/// policy checks and Scope 2 figures; stored (unchanged when the inputs are the same) or
/// only computed for reports.
public struct AllocationService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    /// One allocated period.
    public struct Result: Sendable {
        public var data: PeriodData
        public var outcome: AllocationOutcome
        public var summary: AllocationSummary
        /// How it was stored (nil when only computed).
        public var saved: AllocationSaveResult?
        /// The gap policy it was computed with.
        public var gaps: GapPolicy
        /// What each member took from storage per interval, and its green part (nil without storage).
        public var storage: StorageSupply?
        /// The allocation over the generators then the storage devices (`outcome` without storage);
        /// nil after ``dropCombined()``.
        public internal(set) var combined: AllocationOutcome?

        /// Lets go of `combined` where only `outcome` and `storage` are needed (certificates,
        /// reports): with storage it holds members x intervals x (generators + devices) values,
        /// about 0.6 GB for a year of 300 members, 2 generators and 5 devices at 15 minutes.
        public mutating func dropCombined() { combined = nil }
    }

    /// Allocates `[from, to)` and stores the result.
    public func allocate(from: Timestamp, to: Timestamp, gaps: GapPolicy) throws -> Result {
        var result = try compute(from: from, to: to, gaps: gaps)
        try save(&result)
        return result
    }

    /// Allocates `[from, to)` without storing anything (reports read, never write).
    public func compute(from: Timestamp, to: Timestamp, gaps: GapPolicy) throws -> Result {
        let park = context.park
        var data = try PeriodData.load(park: park, store: context.stores.readings, from: from, to: to)
        try data.apply(gaps)
        // Charge records certified before keep the efficiency they were certified with.
        let recorded = park.storage.isEmpty ? [:]
            : try context.stores.certificates.storageEfficiencies(parkId: park.settings.id)
        let evaluation = try PeriodEvaluation(
            park: park, data: data, rule: try AllocationRule(park: park),
            profile: try PolicyProfileCatalog.profile(for: park, parkDirectory: context.directory),
            factors: try EmissionFactorSources.table(for: park, parkDirectory: context.directory),
            periodStart: context.local.date(of: from), recorded: recorded) {
            try StorageHistory(park: park, store: context.stores.readings, recorded: recorded).queues(at: from)
        }
        let outcome = evaluation.outcome, summary = evaluation.summary
        var result = Result(data: data, outcome: outcome, summary: summary, saved: nil, gaps: gaps,
                            storage: evaluation.supply, combined: evaluation.combined)
        try applyCoverage(&result)
        return result
    }

    /// Stores a computed allocation (unchanged when the inputs are the same) and sets the coverage.
    public func save(_ result: inout Result) throws {
        let park = context.park, from = result.data.from, to = result.data.to
        let record = AllocationRecord(
            from: from, to: to, key: park.allocation.key.rawValue, gapPolicy: result.gaps.rawValue,
            intervals: result.data.problem.intervalCount, skippedIntervals: result.summary.skippedIntervals,
            createdAt: context.now(),
            inputDigest: AllocationRecord.digest(rule: try AllocationRule(park: park), problem: result.data.problem,
                                                 from: from, to: to, storage: result.data.storage))
        result.saved = try context.stores.allocations.saveAllocation(record, outcome: result.outcome, park: park)
        try applyCoverage(&result)
    }

    /// Sets the summary's covered Wh (and market-based Scope 2): the member's redeemed
    /// certificates produced in the period, at most its consumption (the rule of
    /// scope2.csv, docs/emissions.md).
    public func applyCoverage(_ result: inout Result) throws {
        let produced = try context.stores.certificates.redeemedVolumes(producedFrom: result.data.from,
                                                                         to: result.data.to)
        var covered: [String: Int64] = [:]
        for m in result.summary.members { covered[m.id] = min(m.consumptionWh, produced[m.id, default: 0]) }
        result.summary.applyCoverage(covered)
    }

    /// Writes summary.json, allocations.csv and members.csv into `directory` (those of
    /// `outputs`).
    public func write(_ result: Result, to directory: URL, from: String, to: String,
                      outputs: Set<RunOutput> = Set(RunOutput.allCases)) throws {
        let park = context.park
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if outputs.contains(.summary) {
            try SummaryWriter.json(park: park, summary: result.summary, from: from, to: to)
                .write(to: directory.appendingPathComponent("summary.json"), atomically: true, encoding: .utf8)
        }
        guard outputs.contains(.allocations) || outputs.contains(.members) else { return }
        try AllocationCSVWriter.write(
            park: park, data: result.data, outcome: result.outcome,
            allocationsTo: outputs.contains(.allocations) ? directory.appendingPathComponent("allocations.csv") : nil,
            membersTo: outputs.contains(.members) ? directory.appendingPathComponent("members.csv") : nil,
            storage: result.storage)
    }
}
