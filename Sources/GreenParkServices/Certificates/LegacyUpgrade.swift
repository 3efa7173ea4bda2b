import GreenParkCore
import GreenParkFormats

/// Brings what an earlier GreenPark stored up to the rules it did not keep, so that upgrading
/// a store never lets a double claim or an uncorrected reading through:
/// - issuances without the metered generation and allocation they counted get them back,
///   recomputed from the readings as they were when they were issued (revisions imported
///   later undone) by that version's rule (intervals left out for any meter's gap counted for
///   nobody); the next run then corrects them against the readings as they are now;
/// - redemption statements without the hours they cover get them, placed by today's rule on
///   the consumption as it was when they were made, oldest statement first. Where an old
///   claim went beyond the consumption it could cover, the excess is put on the statement's
///   first hour, so that Quality Criterion 2 shows it instead of hiding it.
struct LegacyUpgrade {
    let context: ParkContext
    var park: Park { context.park }

    /// Baselines for issuances of `scheme` inside `[from, to)` that lack them, by issuance number.
    func baselines(scheme: CertificateScheme, devices: Set<String>, from: Timestamp, to: Timestamp,
                   gaps: GapPolicy, boundaries: [Timestamp]) throws -> [Int: CertificateRegistry.PeriodFigures] {
        let registry = try context.stores.certificates.loadRegistry(parkId: park.settings.id)
        let lacking = registry.issues.indices.filter { n in
            let issue = registry.issues[n].issue
            return registry.lacksBaseline(n) && issue.scheme == scheme && devices.contains(issue.device)
                && issue.productionStart >= from && issue.productionEnd <= to
        }
        guard !lacking.isEmpty else { return [:] }
        let local = context.local
        let registered = park.generators.map { local.startOfDay($0.registered) }
        var out: [Int: CertificateRegistry.PeriodFigures] = [:]
        for (issuedAt, numbers) in Dictionary(grouping: lacking, by: { registry.issues[$0].issue.issuedAt }) {
            var data = try PeriodData.load(park: park, store: try ReadingsAsOf(context.stores.readings, at: issuedAt), from: from, to: to)
            try data.apply(gaps == .fail && data.gapIntervals > 0 ? .skipInterval : gaps)
            let outcome = try AllocationEngine(rule: try AllocationRule(park: park)).run(data.problem)
            let periods = ProductionPeriods(data: data, outcome: outcome, boundaries: boundaries, registeredFrom: registered,
                                            generatorMeters: park.generators.map(\.meter), countExcluded: false)
            for n in numbers {
                let issue = registry.issues[n].issue
                guard let j = park.generators.firstIndex(where: { $0.id == issue.device }),
                      let period = periods.periods.first(where: { max($0.start, registered[j]) == issue.productionStart })
                else { continue }
                out[n] = .init(meteredWh: period.generationWh[j], allocatedWh: Dictionary(
                    uniqueKeysWithValues: park.members.enumerated().map { ($1.id, period.allocatedWh[$0][j]) }))
            }
        }
        return out
    }

    /// The statements stored without the hours they cover (read before an update, outside it).
    func legacyStatements() throws -> [RedemptionStatement] {
        try context.stores.certificates.redemptionStatements(parkId: park.settings.id, overlapping: nil,
                                                             withoutCoverageOnly: true)
    }

    /// Coverage for `legacy` statements, oldest first, each placed on top of the coverage
    /// before it (recorded inside `change`, so that the rooms of new claims see it; a statement
    /// another command recovered meanwhile keeps that recovery).
    func backfillCoverage(_ change: inout CertificateUpdate, _ legacy: [RedemptionStatement]) throws {
        for statement in legacy {
            guard let i = park.members.firstIndex(where: { $0.id == statement.beneficiary }) else { continue }
            let local = context.local
            let from = local.hourStart(statement.periodStart), end = local.hourStart(statement.periodEnd)
            let to = end == statement.periodEnd ? end : end.adding(seconds: 3600)
            let data = try PeriodData.load(park: park, store: try ReadingsAsOf(context.stores.readings, at: statement.redeemedAt),
                                           from: from, to: to)
            let consumption = data.hourlyConsumption(hourOffset: local.hourOffset(at: data.from))
            let room = ClaimRoom(firstHour: consumption.firstHour, consumption: consumption.members[i],
                                 earlier: try change.coverage(member: statement.beneficiary, from: data.from, to: data.to))
            let hourly = SchemeRules.rules(for: statement.scheme).period == .hour
            let pieces = statement.certificates.sorted { $0.productionStart < $1.productionStart }
                .map { ($0.productionStart, $0.productionEnd, $0.volumeWh) }
            var (placed, leftover) = room.place(pieces, hourly: hourly)
            if leftover > 0, !placed.isEmpty {
                let first = room.hour(of: pieces.first?.0 ?? room.firstHour) ?? 0
                placed[first] += leftover
            }
            change.backfilled.append(ClaimCoverage(statement: statement.id, member: statement.beneficiary,
                                                   firstHour: room.firstHour, coveredWh: placed))
        }
    }
}
