import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkStore

/// Settles a billing month: allocation (recomputed, not stored), time-of-use periods,
/// shared costs, bills and statements, checked against their inputs; stores a preview or
/// the next final version with numbered invoices; writes the files. Shared by `settle`
/// and the demo.
struct SettlementRunner {
    let park: Park
    let store: SQLiteReadingStore
    let parkDirectory: URL

    struct Result {
        var writer: SettlementWriter
        /// The month's shared costs, split on the month's data (the bills' shared lines).
        var shared: SharedCostReport
        var stored: StoredSettlement?
        var previewID: Int64?
        var difference: String?
    }

    /// The settlement of every billing month overlapping `[from, to)`, computed only (as
    /// `run --out` writes it): a month cut by the run pays its share of the monthly charges.
    func months(from: Timestamp, to: Timestamp, gaps: GapPolicy) throws -> [Result] {
        let local = LocalTime(identifier: park.settings.timeZone)!
        return try BillingMonth.months(from: from, to: to, local: local).map { month in
            try run(month: month.label, from: month.from, to: month.to, gaps: gaps, final: false, persist: false,
                    monthShare: month.share)
        }
    }

    /// `persist: false` computes only; otherwise a preview or final run is stored.
    func run(month: String, from: Timestamp, to: Timestamp, gaps: GapPolicy, final: Bool, persist: Bool = true,
             monthShare: (numerator: Int64, denominator: Int64) = (1, 1)) throws -> Result {
        guard let settings = park.settlement else {
            throw ArgumentProblem(message: "the park file has no settlement section (tariff, ppa, fees, vat_rate); see docs/settlement.md")
        }
        let tariff = try TariffCatalog.tariff(settings.tariff, parkDirectory: parkDirectory)
        for (generator, prices) in settings.ppaByPeriod.sorted(by: { $0.key < $1.key }) {
            let missing = tariff.prices.keys.filter { prices[$0] == nil }.sorted()
            guard missing.isEmpty else {
                throw ArgumentProblem(message: "the shaped PPA of \(generator) has no price for the tariff's period(s) \(missing.joined(separator: ", ")) (tariff \(tariff.id))")
            }
            let unknown = prices.keys.filter { tariff.prices[$0] == nil }.sorted()
            guard unknown.isEmpty else {
                throw ArgumentProblem(message: "the shaped PPA of \(generator) prices period(s) \(unknown.joined(separator: ", ")) that tariff \(tariff.id) does not have (its periods: \(tariff.prices.keys.sorted().joined(separator: ", ")))")
            }
        }
        let allocation = try AllocationRunner(park: park, store: store, parkDirectory: parkDirectory).compute(from: from, to: to, gaps: gaps)
        let local = LocalTime(identifier: park.settings.timeZone)!
        let data = allocation.data
        Self.warnSkipped(month: month, excluded: data.problem.excluded)
        let touPeriod = (0..<data.problem.intervalCount).map { t -> String in
            let start = data.start(ofInterval: t)
            return tariff.period(month: local.date(of: start).month, minute: local.minuteOfDay(start)) ?? "flat"
        }
        let shared = SharedCostReport(park: park, data: data, outcome: allocation.outcome, local: local, month: month)
        var splits = shared.items.map(\.split.amounts)
        // Test hook: a split that no longer sums to its cost must be refused.
        if ProcessInfo.processInfo.environment["GREENPARK_FAULT"] == "settlement-shared-fen",
           splits.first?.isEmpty == false {
            splits[0][0] += 1
        }
        let settlement = Settlement(park: park, settings: settings, tariff: tariff, data: data,
                                    outcome: allocation.outcome, touPeriod: touPeriod,
                                    sharedIDs: shared.items.map(\.cost.id), shared: splits, monthShare: monthShare)
        let checks = settlement.checks(data: data, sharedCosts: shared.items.map { ($0.cost.id, $0.periodCostFen) })
        let failed = checks.filter { !$0.passes }
        guard failed.isEmpty else {
            let heading = "settlement \(month) refused: its lines do not match its inputs; nothing was stored:"
            throw SettlementFailure(message: ([heading] + failed.map { "  \($0.description)" }).joined(separator: "\n"))
        }
        let writer = SettlementWriter(park: park, settlement: settlement, month: month, tariff: tariff,
                                      settings: settings, checks: checks)
        var result = Result(writer: writer, shared: shared)
        if !persist { return result }
        if final {
            let previous = try store.finalSettlements(month: month).last
            result.stored = try store.saveFinal(month: month, year: local.date(of: from).year, parkId: park.settings.id, members: park.members.map(\.id),
                                                snapshot: writer.snapshot(), result: writer.json(), at: Timestamp.now())
            if let previous, let version = previous.version { result.difference = writer.difference(from: previous.result, version: version) }
        } else {
            result.previewID = try store.savePreview(month: month, snapshot: writer.snapshot(), result: writer.json(), at: Timestamp.now())
        }
        return result
    }

    /// One warning per month with skipped intervals, with their share.
    static func warnSkipped(month: String, excluded: [Bool]) {
        let skipped = excluded.filter { $0 }.count
        guard skipped > 0 else { return }
        if skipped == excluded.count {
            Terminal.warn("warning: \(month) has no interval with complete data; "
                          + "its bills hold only fixed charges and shared costs")
            return
        }
        let share = String(format: "%.2f", Ratio(Int64(skipped), Int64(excluded.count)).value * 100)
        Terminal.warn("warning: \(month): \(skipped) of \(excluded.count) intervals (\(share) %) "
                      + "skipped for missing data are billed to no one, as summary.json and Scope 2 leave them out; "
                      + "import the missing readings and settle again to bill them")
    }

    /// settlement.json, settlement.csv, snapshot.json, invoices (JSON + HTML), generator statements, difference.txt.
    func write(_ result: Result, to directory: URL, language: ReportLanguage) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory.appendingPathComponent("invoices"), withIntermediateDirectories: true)
        try fm.createDirectory(at: directory.appendingPathComponent("statements"), withIntermediateDirectories: true)
        let w = result.writer, s = w.settlement
        try w.json().write(to: directory.appendingPathComponent("settlement.json"), atomically: true, encoding: .utf8)
        try w.csv().write(to: directory.appendingPathComponent("settlement.csv"), atomically: true, encoding: .utf8)
        try w.snapshot().write(to: directory.appendingPathComponent("snapshot.json"), atomically: true, encoding: .utf8)
        for bill in s.bills {
            let number = result.stored?.invoices[bill.member] ?? "PREVIEW-\(w.month)-\(bill.member)"
            let invoice = InvoiceWriter(park: park, month: w.month, number: number, language: language)
            try invoice.json(bill: bill, vatRate: w.settings.vatRate).write(to: directory.appendingPathComponent("invoices/\(number).json"), atomically: true, encoding: .utf8)
            try invoice.html(party: bill.member, lines: bill.lines, net: bill.netFen, vat: bill.vatFen, total: bill.totalFen, statement: false)
                .write(to: directory.appendingPathComponent("invoices/\(number).html"), atomically: true, encoding: .utf8)
        }
        for statement in s.statements {
            let name = "\(w.month)-\(statement.generator)"
            try InvoiceWriter(park: park, month: w.month, number: name, language: language)
                .html(party: statement.generator, lines: statement.lines, net: statement.totalFen, vat: nil, total: statement.totalFen, statement: true)
                .write(to: directory.appendingPathComponent("statements/\(name).html"), atomically: true, encoding: .utf8)
        }
        if let difference = result.difference {
            try difference.write(to: directory.appendingPathComponent("difference.txt"), atomically: true, encoding: .utf8)
        }
    }
}

/// A settlement that cannot be made consistently.
struct SettlementFailure: GreenParkError {
    var message: String
    var code: String { "settlement.failed" }
    var isBadInput: Bool { false }
}

/// An exclusive lock per store for settlement runs: a second run is refused, not interleaved.
/// Held through an open file with `flock`; the system drops it when the process ends.
final class SettlementLock {
    private let descriptor: Int32

    init(databasePath: String) throws {
        let path = databasePath + ".settle.lock"
        descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw ArgumentProblem(message: "cannot open the settlement lock \(path)") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw SettlementFailure(message: "another settlement of this park is running (lock \(path)); wait for it and run again")
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
