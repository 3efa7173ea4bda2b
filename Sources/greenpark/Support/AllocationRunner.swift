import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkStore

/// Allocates a stored period, stores the result and prints a table: shared by
/// `allocate`, `run` and the demo.
struct AllocationRunner {
    let park: Park
    let store: SQLiteReadingStore
    /// Where the park file is: user factor data is read relative to it.
    let parkDirectory: URL

    struct Result {
        var data: PeriodData
        var outcome: AllocationOutcome
        var summary: AllocationSummary
        /// How it was stored (nil when only computed).
        var saved: AllocationSaveResult?
        /// The gap policy it was computed with.
        var gaps: GapPolicy = .fail
    }

    /// Allocates the stored period and stores the result (unchanged when the inputs are the same).
    func run(from: Timestamp, to: Timestamp, gaps: GapPolicy) throws -> Result {
        var result = try compute(from: from, to: to, gaps: gaps)
        try save(&result)
        return result
    }

    /// Stores a computed allocation (unchanged when the inputs are the same) and sets the coverage.
    func save(_ result: inout Result) throws {
        let from = result.data.from, to = result.data.to, gaps = result.gaps
        let record = AllocationRecord(
            from: from, to: to, key: park.allocation.key.rawValue, gapPolicy: gaps.rawValue, intervals: result.data.problem.intervalCount,
            skippedIntervals: result.summary.skippedIntervals, createdAt: Timestamp.now(),
            inputDigest: AllocationRecord.digest(rule: try AllocationRule(park: park), problem: result.data.problem, from: from, to: to))
        result.saved = try store.saveAllocation(record, outcome: result.outcome, park: park)
        try applyCoverage(&result)
    }

    /// Sets the summary's covered Wh (and market-based Scope 2): the member's redeemed
    /// certificates produced in the period, at most its consumption (the rule of
    /// scope2.csv, docs/emissions.md).
    func applyCoverage(_ result: inout Result) throws {
        var produced: [String: Int64] = [:]
        for s in try store.redemptionStatements(parkId: park.settings.id) {
            for r in s.certificates where r.productionStart >= result.data.from && r.productionEnd <= result.data.to {
                produced[s.beneficiary, default: 0] += r.volumeWh
            }
        }
        var covered: [String: Int64] = [:]
        for m in result.summary.members { covered[m.id] = min(m.consumptionWh, produced[m.id, default: 0]) }
        result.summary.applyCoverage(covered)
    }

    /// Allocates the stored period without storing anything (reports read, never write).
    func compute(from: Timestamp, to: Timestamp, gaps: GapPolicy) throws -> Result {
        var data = try PeriodData.load(park: park, store: store, from: from, to: to)
        try data.apply(gaps)
        let outcome = try AllocationEngine(rule: try AllocationRule(park: park)).run(data.problem)
        let local = LocalTime(identifier: park.settings.timeZone)!
        let summary = try AllocationSummary(
            park: park, data: data, outcome: outcome,
            profile: try PolicyProfileCatalog.profile(for: park, parkDirectory: parkDirectory),
            factors: try EmissionFactorSources.table(for: park, parkDirectory: parkDirectory), periodStart: local.date(of: from))
        var result = Result(data: data, outcome: outcome, summary: summary, saved: nil, gaps: gaps)
        try applyCoverage(&result)
        return result
    }

    /// Writes summary.json, allocations.csv and members.csv into `directory`.
    func write(_ result: Result, to directory: URL, from: String, to: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try SummaryWriter.json(park: park, summary: result.summary, from: from, to: to)
            .write(to: directory.appendingPathComponent("summary.json"), atomically: true, encoding: .utf8)
        try AllocationCSVWriter.write(park: park, data: result.data, outcome: result.outcome,
                                      allocationsTo: directory.appendingPathComponent("allocations.csv"),
                                      membersTo: directory.appendingPathComponent("members.csv"))
    }

    /// A short table for people.
    static func print(_ result: Result, park: Park, indent: String = "") {
        let s = result.summary
        let p = s.park
        func percent(_ r: Ratio) -> String { String(format: "%5.1f %%", r.value * 100) }
        switch result.saved {
        case nil: break
        case .stored(let id): Swift.print("\(indent)allocation #\(id) stored")
        case .unchanged(let id): Swift.print("\(indent)allocation #\(id): same inputs as before, unchanged")
        case .replaced(let id, let previous): Swift.print("\(indent)allocation #\(id) stored, replacing #\(previous) (inputs changed)")
        }
        Swift.print("\(indent)\(s.intervals) intervals, key \(park.allocation.key.rawValue)\(s.skippedIntervals > 0 ? ", \(s.skippedIntervals) skipped for missing data" : "")")
        Swift.print("\(indent)member          consumption MWh   green MWh  green share   grid import MWh")
        for m in s.members {
            Swift.print(indent + m.id.padding(toLength: 14, withPad: " ", startingAt: 0)
                + Terminal.mwh(m.consumptionWh).leftPadded(16) + Terminal.mwh(m.allocatedWh).leftPadded(12)
                + percent(Ratio(m.allocatedWh, m.consumptionWh)).leftPadded(13) + Terminal.mwh(m.gridImportWh).leftPadded(18))
        }
        Swift.print("\(indent)park: generation \(Terminal.mwh(p.generationWh)) MWh, allocated \(Terminal.mwh(p.allocatedWh)) MWh, surplus \(Terminal.mwh(p.surplusWh)) MWh")
        Swift.print("\(indent)self-consumption ratio \(percent(p.selfConsumptionRatio)), green share of load \(percent(p.greenShare))")
        let checks = s.policy.checks.map { "\($0.id) \($0.bound == .min ? ">=" : "<=") \($0.threshold): \($0.pass ? "pass" : "FAIL")" }
        if checks.isEmpty {
            Swift.print("\(indent)policy \(s.policy.profile): no checks")
        } else {
            let verdict = s.policy.passed ? "pass" : "FAIL"
            Swift.print("\(indent)policy \(s.policy.profile): \(verdict) (\(checks.joined(separator: "; ")))")
        }
    }
}
