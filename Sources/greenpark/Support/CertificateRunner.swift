import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkStore

/// Issues the certificates of an allocated period, transfers them per the allocation,
/// corrects periods issued before whose readings changed since, and, when asked, redeems
/// each member's certificates for its own uncovered consumption; all inside one write
/// transaction of the store, recorded in the signed ledger. Shared by `run` and the demo.
struct CertificateRunner {
    let park: Park
    let store: SQLiteReadingStore
    let key: OperatorKey

    struct Result {
        var issued = 0
        var transfers = 0
        var statements: [RedemptionStatement] = []
        var corrections: [CertificateCorrection] = []
        var ledgerEntries = 0
        var ranges: [CertificateRange] = []
        /// Why a member had nothing to redeem, or a device period was not issued.
        var notes: [String] = []
    }

    /// Each generator's production certified in its scheme (the park file's `certificates`),
    /// or all in `scheme` when given.
    func run(_ allocation: AllocationRunner.Result, scheme: CertificateScheme? = nil, redeem: Bool,
             at time: Timestamp) throws -> Result {
        var groups: [CertificateScheme: Set<String>] = [:]
        for g in park.generators { groups[scheme ?? park.certificates.scheme(of: g.id), default: []].insert(g.id) }
        return try run(allocation, schemes: groups.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) },
                       redeem: redeem, at: time)
    }

    /// `schemes`: each scheme with the generators whose production is certified in it; all in
    /// one transaction of the store.
    func run(_ allocation: AllocationRunner.Result, schemes: [(CertificateScheme, Set<String>)], redeem: Bool,
             at time: Timestamp) throws -> Result {
        let local = LocalTime(identifier: park.settings.timeZone)!
        let data = allocation.data
        let registered = park.generators.map { local.startOfDay($0.registered) }
        let revisions = try RevisionIndex(store.revisions())
        var result = Result()
        let meters = park.meterCatalogue.map(\.id)
        var incomplete: [String: [Timestamp]] = [:]
        let upgrade = LegacyUpgrade(park: park, store: store)
        var baselines: [Int: CertificateRegistry.PeriodFigures] = [:]
        for (scheme, devices) in schemes {
            baselines.merge(try upgrade.baselines(scheme: scheme, devices: devices, from: data.from, to: data.to,
                                                  gaps: allocation.gaps,
                                                  boundaries: boundaries(scheme, data.from, data.to, local))) { a, _ in a }
        }
        let (_, entries) = try store.update(parkId: park.settings.id, sealingWith: LedgerAppender(key: key), at: time) { change in
            try upgrade.backfillCoverage(&change)
            for (scheme, devices) in schemes {
                let periods = ProductionPeriods(
                    data: data, outcome: allocation.outcome, boundaries: boundaries(scheme, data.from, data.to, local),
                    registeredFrom: registered, generatorMeters: park.generators.map(\.meter))
                for period in periods.periods {
                    for (j, generator) in park.generators.enumerated() where devices.contains(generator.id) {
                        guard period.end > registered[j] else { continue }
                        let start = max(period.start, registered[j])
                        if period.incomplete[j] { incomplete[generator.id, default: []].append(start) }
                        if let n = change.registry.issueNumber(scheme, device: generator.id, start: start) {
                            if let baseline = baselines[n] { change.registry.restoreBaseline(n, baseline) }
                            let figures = CertificateRegistry.PeriodFigures(
                                meteredWh: period.generationWh[j],
                                allocatedWh: Dictionary(uniqueKeysWithValues: park.members.enumerated().map {
                                    ($1.id, period.allocatedWh[$0][j])
                                }),
                                revisions: revisions.imports(meters: meters, from: start, to: period.end))
                            let (correction, events) = change.registry.correct(n, to: figures, at: time)
                            if let correction { change.corrections.append(correction) }
                            change.events += events
                        } else {
                            let issued = try change.registry.issue(
                                scheme: scheme, device: generator, registeredFrom: registered[j],
                                country: park.settings.country, region: park.settings.region, start: start, end: period.end,
                                generationWh: period.generationWh[j], at: time, issuer: "GreenPark operator of \(park.settings.id)")
                            result.issued += issued.count
                            change.events += issued
                        }
                        let pending = park.members.indices.filter {
                            !change.registry.isTransferred(scheme, device: generator.id, start: start, member: park.members[$0].id)
                        }
                        if !pending.isEmpty {
                            let moved = try change.registry.transferAllocations(
                                scheme: scheme, device: generator.id, start: start,
                                allocations: pending.map { (park.members[$0].id, period.allocatedWh[$0][j]) }, at: time)
                            result.transfers += moved.count
                            change.events += moved
                        }
                    }
                }
                if redeem { try redeemAll(&change, allocation, scheme: scheme, at: time, local: local, notes: &result.notes) }
            }
            change.checked.append((data.from, data.to))
            result.statements = change.statements
            result.corrections = change.corrections
            let used = Set(schemes.map(\.0))
            result.ranges = change.registry.ranges.filter {
                used.contains($0.scheme) && $0.productionStart >= data.from && $0.productionEnd <= data.to
            }
        }
        result.ledgerEntries = entries
        for generator in park.generators {
            guard let starts = incomplete[generator.id], let first = starts.first, let last = starts.last else { continue }
            result.notes.append("\(generator.id): \(Terminal.count(starts.count, "production period")) (\(first.iso8601) to "
                + "\(last.iso8601)) certified from the intervals its meter \(generator.meter) has; the missing ones are "
                + "certified when imported and the period is run again")
        }
        return result
    }

    /// Redeems each member's certificates of the run's period for its uncovered consumption.
    private func redeemAll(_ change: inout CertificateUpdate, _ allocation: AllocationRunner.Result,
                           scheme: CertificateScheme, at time: Timestamp, local: LocalTime,
                           notes: inout [String]) throws {
        let data = allocation.data
        let consumption = data.hourlyConsumption(hourOffset: local.hourOffset(at: data.from))
        for (i, member) in park.members.enumerated() {
            let room = ClaimRoom(firstHour: consumption.firstHour, consumption: consumption.members[i],
                                 earlier: try change.coverage(member: member.id, from: data.from, to: data.to))
            let request = RedemptionRequest(
                beneficiary: member.id, location: "\(park.settings.name) (\(park.settings.id)), member \(member.name)",
                periodStart: data.from, periodEnd: data.to, periodLabel: "\(data.from.iso8601) to \(data.to.iso8601)",
                purpose: "Scope 2", scheme: scheme, room: room)
            do {
                change.record(try change.registry.redeem(request, at: time))
            } catch let error as CertificateError where error.code == "certificates.nothing-to-redeem" {
                notes.append(error.message)
            }
        }
    }

    static func print(_ result: Result, indent: String = "") {
        Swift.print("\(indent)certificates: \(Terminal.count(result.issued, "issuance")), "
            + "\(Terminal.count(result.transfers, "transfer")), "
            + "\(Terminal.count(result.corrections.count, "correction")), "
            + "\(Terminal.count(result.statements.count, "redemption statement")); "
            + "\(result.ledgerEntries) ledger entries appended and signed")
        for c in result.corrections { Swift.print("\(indent)  correction \(c.summary)") }
        for s in result.statements {
            Swift.print("\(indent)  \(s.id): \(s.beneficiary) redeemed \(s.volumeWh) Wh "
                + "(\(s.certificates.reduce(0) { $0 + $1.count }) certificates) for \(s.purpose), covering "
                + "\(s.coverage?.hours.count ?? 0) hours of its consumption")
        }
        for note in result.notes { Swift.print("\(indent)  \(note)") }
    }

    /// Production period boundaries inside [from, to]: local month starts (GEC, I-REC) or hours.
    func boundaries(_ scheme: CertificateScheme, _ from: Timestamp, _ to: Timestamp, _ local: LocalTime) -> [Timestamp] {
        switch SchemeRules.rules(for: scheme).period {
        case .hour:
            // Local clock hours (UTC hours where the offset is whole hours, as in China).
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

    /// Writes certificates.csv, ledger.jsonl and the statements (JSON and HTML) of the
    /// period, new and made before, into `directory`.
    func write(_ result: Result, from: Timestamp, to: Timestamp, scheme: CertificateScheme? = nil,
               to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try CertificateWriter.csv(result.ranges).write(to: directory.appendingPathComponent("certificates.csv"),
                                                       atomically: true, encoding: .utf8)
        let ledger = try Terminal.output(directory.appendingPathComponent("ledger.jsonl").path)
        defer { try? ledger.close() }
        try LedgerFile.export(store, to: ledger)
        try Self.writeStatements(store: store, park: park, from: from, to: to, scheme: scheme,
                                 to: directory.appendingPathComponent("statements"))
    }

    /// Writes every stored statement whose reporting period overlaps `[from, to)` (all when
    /// nil), JSON and HTML: statements can always be made again from the store.
    @discardableResult
    static func writeStatements(store: SQLiteReadingStore, park: Park, from: Timestamp?, to: Timestamp?,
                                only: String? = nil, scheme: CertificateScheme? = nil, to directory: URL) throws -> Int {
        let statements = try store.redemptionStatements(parkId: park.settings.id).filter { s in
            (only == nil || s.id == only) && (scheme == nil || s.scheme == scheme) && (from.map { s.periodEnd > $0 } ?? true) && (to.map { s.periodStart < $0 } ?? true)
        }
        for s in statements { try CertificateWriter.write(s, parkName: park.settings.name, to: directory) }
        return statements.count
    }
}
