import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkStore

/// Issues the certificates of an allocated period, transfers them per the allocation and,
/// when asked, redeems each member's for its own consumption; records everything in the
/// signed ledger in one transaction. Shared by `run` and the demo.
struct CertificateRunner {
    let park: Park
    let store: SQLiteReadingStore
    let key: OperatorKey

    struct Result {
        var issued = 0
        var transfers = 0
        var statements: [RedemptionStatement] = []
        var ledgerEntries = 0
        var ranges: [CertificateRange] = []
        /// Why a member had nothing to redeem.
        var notes: [String] = []
    }

    /// `devices`: the generators whose production is certified in `scheme` (all by default).
    func run(_ allocation: AllocationRunner.Result, scheme: CertificateScheme, redeem: Bool, at time: Timestamp, devices: Set<String>? = nil) throws -> Result {
        let local = LocalTime(identifier: park.settings.timeZone)!
        let data = allocation.data
        var registry = try store.loadRegistry(parkId: park.settings.id)
        let registered = park.generators.map { local.startOfDay($0.registered) }
        let periods = ProductionPeriods(data: data, outcome: allocation.outcome, boundaries: boundaries(scheme, data.from, data.to, local), registeredFrom: registered)
        var events: [LedgerEvent] = []
        var result = Result()
        for period in periods.periods {
            for (j, generator) in park.generators.enumerated() where devices?.contains(generator.id) ?? true
                && !registry.isIssued(scheme, device: generator.id, start: max(period.start, registered[j])) {
                // A registration inside the period: only production from it counts (the sums already start there).
                guard period.end > registered[j] else { continue }
                let start = max(period.start, registered[j])
                let issued = try registry.issue(
                    scheme: scheme, device: generator, registeredFrom: registered[j], country: park.settings.country,
                    region: park.settings.region, start: start, end: period.end, generationWh: period.generationWh[j],
                    at: time, issuer: "GreenPark operator of \(park.settings.id)")
                result.issued += issued.count
                events += issued
                for (i, member) in park.members.enumerated() where !registry.isTransferred(scheme, device: generator.id, start: start, member: member.id) {
                    let moved = try registry.transferAllocation(scheme: scheme, device: generator.id, start: start, to: member.id,
                                                                allocatedWh: period.allocatedWh[i][j], at: time)
                    result.transfers += moved.filter { $0.kind == .transfer }.count
                    events += moved
                }
            }
        }
        if redeem {
            for (i, member) in park.members.enumerated() {
                let request = RedemptionRequest(
                    beneficiary: member.id, location: "\(park.settings.name) (\(park.settings.id)), member \(member.name)",
                    periodStart: data.from, periodEnd: data.to, periodLabel: "\(data.from.iso8601) to \(data.to.iso8601)",
                    purpose: "Scope 2", scheme: scheme, consumptionWh: allocation.summary.members[i].consumptionWh)
                do {
                    let (statement, redeemed) = try registry.redeem(request, at: time)
                    result.statements.append(statement)
                    events += redeemed
                } catch let error as CertificateError where error.code == "certificates.nothing-to-redeem" {
                    result.notes.append(error.message)
                }
            }
        }
        var head = try store.ledgerHead()
        let entries = try LedgerAppender(key: key).append(events, at: time, after: &head)
        try store.commit(&registry, statements: result.statements, ledger: entries)
        result.ledgerEntries = entries.count
        result.ranges = registry.ranges.filter { $0.scheme == scheme && $0.productionStart >= data.from && $0.productionEnd <= data.to }
        return result
    }

    static func print(_ result: Result, indent: String = "") {
        Swift.print("\(indent)certificates: \(result.issued) issuance\(result.issued == 1 ? "" : "s"), \(result.transfers) transfer\(result.transfers == 1 ? "" : "s"), \(result.statements.count) redemption statement\(result.statements.count == 1 ? "" : "s"); \(result.ledgerEntries) ledger entries appended and signed")
        for s in result.statements {
            Swift.print("\(indent)  \(s.id): \(s.beneficiary) redeemed \(s.volumeWh) Wh (\(s.certificates.reduce(0) { $0 + $1.count }) certificates) for \(s.purpose)")
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

    /// Writes certificates.csv, ledger.jsonl and the statements (JSON and HTML) into `directory`.
    func write(_ result: Result, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try CertificateWriter.csv(result.ranges).write(to: directory.appendingPathComponent("certificates.csv"), atomically: true, encoding: .utf8)
        let ledger = try Terminal.output(directory.appendingPathComponent("ledger.jsonl").path)
        defer { try? ledger.close() }
        try LedgerFile.export(store, to: ledger)
        for statement in result.statements {
            try CertificateWriter.write(statement, parkName: park.settings.name, to: directory.appendingPathComponent("statements"))
        }
    }
}
