import Foundation
import GreenParkCore
import GreenParkFormats

/// Certificates of a park (DOMAIN.md 4): issuance of an allocated period per production
/// period, transfers per the allocation, corrections of periods issued before whose
/// readings changed, redemptions against the members' uncovered consumption, and manual
/// transfers and redemptions. Every change happens inside one write transaction of the
/// certificate store and is sealed into the ledger with the operator key, which must be the
/// park's.
public struct CertificateService: Sendable {
    public let context: ParkContext
    public let key: OperatorKey

    public init(context: ParkContext, key: OperatorKey) {
        self.context = context
        self.key = key
    }

    var park: Park { context.park }
    var store: any CertificateStore { context.stores.certificates }

    /// What certifying a period did.
    public struct Result: Sendable {
        public var issued = 0
        public var transfers = 0
        /// Granular certificates cancelled for storage charge records, and released from storage (DOMAIN.md 4a).
        public var storageCancelled: Int64 = 0
        public var storageReleased: Int64 = 0
        public var statements: [RedemptionStatement] = []
        public var corrections: [CertificateCorrection] = []
        public var ledgerEntries = 0
        /// The schemes certified, and per scheme the ranges of the period as the run left them.
        public var schemes: Set<CertificateScheme> = []
        public var tallies: [CertificateScheme: RangeTally] = [:]
        /// Why a member had nothing to redeem, or which production periods were incomplete.
        public var notes: [String] = []
    }

    /// Each generator's production certified in its scheme (the park file's `certificates`),
    /// or all in `scheme` when given; with `redeem`, each member's certificates of the
    /// period redeemed for its uncovered consumption.
    public func certify(_ allocation: AllocationService.Result, scheme: CertificateScheme? = nil, redeem: Bool,
                        at time: Timestamp) throws -> Result {
        var groups: [CertificateScheme: Set<String>] = [:]
        for g in park.generators { groups[scheme ?? park.certificates.scheme(of: g.id), default: []].insert(g.id) }
        let schemes = groups.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) }
        return try certify(allocation, schemes: schemes, redeem: redeem, at: time)
    }

    /// `schemes`: each scheme with the generators whose production is certified in it; all in
    /// one transaction of the store.
    public func certify(_ allocation: AllocationService.Result, schemes: [(CertificateScheme, Set<String>)],
                        redeem: Bool, at time: Timestamp) throws -> Result {
        let data = allocation.data, local = context.local
        let upgrade = LegacyUpgrade(context: context)
        var baselines: [Int: CertificateRegistry.PeriodFigures] = [:]
        for (scheme, devices) in schemes {
            let found = try upgrade.baselines(scheme: scheme, devices: devices, from: data.from, to: data.to,
                                              gaps: allocation.gaps, boundaries: Self.boundaries(scheme, data.from, data.to, local))
            baselines.merge(found) { a, _ in a }
        }
        let revisions = RevisionIndex(try context.stores.readings.revisions())
        var result = Result()
        var incomplete: [String: [Timestamp]] = [:]
        let legacy = try upgrade.legacyStatements()
        let (_, entries) = try store.update(parkId: park.settings.id, sealingWith: LedgerAppender(key: key), at: time) { change in
            try upgrade.backfillCoverage(&change, legacy)
            for (scheme, devices) in schemes {
                let periods = ProductionPeriods(
                    data: data, outcome: allocation.outcome, boundaries: Self.boundaries(scheme, data.from, data.to, local),
                    registeredFrom: registered, generatorMeters: park.generators.map(\.meter))
                for period in periods.periods {
                    for (j, generator) in park.generators.enumerated() where devices.contains(generator.id) {
                        guard period.end > registered[j] else { continue }
                        let start = max(period.start, registered[j])
                        if period.incomplete[j] { incomplete[generator.id, default: []].append(start) }
                        try certify(period, generator: j, start: start, scheme: scheme, baselines: baselines,
                                    revisions: revisions, at: time, into: &change, result: &result)
                    }
                }
                if scheme == .granular {
                    try certifyStorage(allocation, devices: devices, at: time, into: &change, result: &result)
                }
                if redeem { try redeemAll(&change, allocation, scheme: scheme, at: time, notes: &result.notes) }
            }
            change.checked.append((data.from, data.to))
            result.statements = change.statements
            result.corrections = change.corrections
            result.schemes = Set(schemes.map(\.0))
            for entry in change.registry.issues where result.schemes.contains(entry.issue.scheme)
                && entry.issue.productionStart >= data.from && entry.issue.productionEnd <= data.to {
                result.tallies[entry.issue.scheme, default: RangeTally()].add(entry)
            }
        }
        result.ledgerEntries = entries
        for generator in park.generators {
            guard let starts = incomplete[generator.id], let first = starts.first, let last = starts.last else { continue }
            result.notes.append("\(generator.id): \(Phrase.count(starts.count, "production period")) (\(first.iso8601) "
                + "to \(last.iso8601)) certified from the intervals its meter \(generator.meter) has; the missing ones "
                + "are certified when imported and the period is run again")
        }
        return result
    }

    /// Each generator's registration instant (local midnight), in park order.
    var registered: [Timestamp] { park.generators.map { context.local.startOfDay($0.registered) } }

    /// One production period of generator `j`: issued, or (issued before) corrected to the
    /// readings as they are now; then transferred to the members not yet served.
    private func certify(_ period: ProductionPeriods.Period, generator j: Int, start: Timestamp,
                         scheme: CertificateScheme, baselines: [Int: CertificateRegistry.PeriodFigures],
                         revisions: RevisionIndex, at time: Timestamp, into change: inout CertificateUpdate,
                         result: inout Result) throws {
        let generator = park.generators[j]
        if let n = change.registry.issueNumber(scheme, device: generator.id, start: start) {
            if let baseline = baselines[n] { change.registry.restoreBaseline(n, baseline) }
            let figures = CertificateRegistry.PeriodFigures(
                meteredWh: period.generationWh[j],
                allocatedWh: Dictionary(uniqueKeysWithValues: park.members.enumerated().map {
                    ($1.id, period.allocatedWh[$0][j])
                }),
                revisions: revisions.imports(meters: park.meterCatalogue.map(\.id), from: start, to: period.end))
            let (correction, events) = change.registry.correct(n, to: figures, at: time)
            if let correction { change.corrections.append(correction) }
            try change.add(events)
        } else {
            let issued = try change.registry.issue(
                scheme: scheme, device: generator, registeredFrom: registered[j], country: park.settings.country,
                region: park.settings.region, start: start, end: period.end, generationWh: period.generationWh[j],
                at: time, issuer: "GreenPark operator of \(park.settings.id)")
            result.issued += issued.count
            try change.add(issued)
        }
        let pending = park.members.indices.filter {
            !change.registry.isTransferred(scheme, device: generator.id, start: start, member: park.members[$0].id)
        }
        guard !pending.isEmpty else { return }
        let moved = try change.registry.transferAllocations(
            scheme: scheme, device: generator.id, start: start,
            allocations: pending.map { (park.members[$0].id, period.allocatedWh[$0][j]) }, at: time)
        result.transfers += moved.count
        try change.add(moved)
    }

    /// Production period boundaries inside [from, to]: local month starts (GEC, I-REC) or
    /// local clock hours (granular; UTC hours where the offset is whole hours, as in China).
    public static func boundaries(_ scheme: CertificateScheme, _ from: Timestamp, _ to: Timestamp,
                                  _ local: LocalTime) -> [Timestamp] {
        switch SchemeRules.rules(for: scheme).period {
        case .hour:
            let hourStart = local.hourStart(from)
            let first = hourStart == from ? from.seconds : hourStart.seconds + 3600
            return stride(from: first, through: to.seconds, by: 3600).map { Timestamp(seconds: $0) }
        case .calendarMonth:
            var date = local.date(of: from)
            date = CivilDate(year: date.year, month: date.month, day: 1)
            var result: [Timestamp] = []
            while true {
                let start = local.startOfDay(date)
                if start > to { break }
                if start >= from { result.append(start) }
                date = date.nextMonthStart
            }
            return result
        }
    }
}
