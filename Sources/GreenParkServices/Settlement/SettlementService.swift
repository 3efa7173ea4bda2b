import Foundation
import GreenParkCore
import GreenParkFormats

/// Settles a billing month: allocation (recomputed, not stored), time-of-use periods,
/// shared costs, bills and statements, checked against their inputs; stores a preview, or a
/// final version issuing documents only for what changed; writes the files. Shared by
/// `settle`, `run` and the demo.
public struct SettlementService: Sendable {
    public let context: ParkContext
    var park: Park { context.park }
    var parkDirectory: URL { context.directory }
    var store: any SettlementStore { context.stores.settlements }

    public init(context: ParkContext) { self.context = context }

    public struct Result: Sendable {
        public var writer: SettlementWriter
        /// The month's shared costs, split on the month's data (the bills' shared lines).
        public var shared: SharedCostReport
        /// A new final version and the documents it issued.
        public var stored: StoredSettlement?
        public var previewID: Int64?
        public var difference: String?
        /// A final run with the same bills and statements as this version: nothing stored.
        public var unchangedSince: Int?
        /// The bills and statements of the version a new final version corrects.
        public var previous: (bills: [Settlement.Bill], statements: [Settlement.Statement])?
        /// The month's documents in force after the run: invoice per member, statement per generator.
        public var current: (invoices: [String: String], statements: [String: String]) = ([:], [:])
        /// Things the caller should tell the user (e.g. intervals skipped for missing data).
        public var warnings: [String] = []
    }

    /// The settlement of every billing month overlapping `[from, to)`, computed only (as
    /// `run --out` writes it): a month cut by the run pays its share of the monthly charges.
    public func months(from: Timestamp, to: Timestamp, gaps: GapPolicy) throws -> [Result] {
        let local = context.local
        return try BillingMonth.months(from: from, to: to, local: local).map { month in
            try compute(month: month.label, from: month.from, to: month.to, gaps: gaps, monthShare: month.share)
        }
    }

    /// Computes and stores a month (the demo's path; `settle` computes, then stores).
    public func run(month: String, from: Timestamp, to: Timestamp, gaps: GapPolicy, final: Bool) throws -> Result {
        var result = try compute(month: month, from: from, to: to, gaps: gaps)
        try persist(&result, final: final)
        return result
    }

    /// Settles `[from, to)` without storing anything. Refuses (exit 1) when a check of the
    /// settlement against its inputs fails; warns when intervals are skipped for missing data.
    public func compute(month: String, from: Timestamp, to: Timestamp, gaps: GapPolicy,
                 monthShare: (numerator: Int64, denominator: Int64) = (1, 1)) throws -> Result {
        guard let settings = park.settlement else {
            throw ServiceError("settlement.not-configured",
                               "the park file has no settlement section (tariff, ppa, fees, vat_rate); see docs/settlement.md")
        }
        let tariff = try TariffCatalog.tariff(settings.tariff, parkDirectory: parkDirectory)
        for (generator, prices) in settings.ppaByPeriod.sorted(by: { $0.key < $1.key }) {
            let missing = tariff.prices.keys.filter { prices[$0] == nil }.sorted()
            guard missing.isEmpty else {
                throw ServiceError("settlement.ppa", "the shaped PPA of \(generator) has no price for the tariff's period(s) \(missing.joined(separator: ", ")) (tariff \(tariff.id))")
            }
            let unknown = prices.keys.filter { tariff.prices[$0] == nil }.sorted()
            guard unknown.isEmpty else {
                throw ServiceError("settlement.ppa", "the shaped PPA of \(generator) prices period(s) \(unknown.joined(separator: ", ")) that tariff \(tariff.id) does not have (its periods: \(tariff.prices.keys.sorted().joined(separator: ", ")))")
            }
        }
        let allocation = try AllocationService(context: context).compute(from: from, to: to, gaps: gaps)
        let local = LocalTime(identifier: park.settings.timeZone)!
        let data = allocation.data
        let warnings = Self.skipped(month: month, excluded: data.problem.excluded).map { [$0] } ?? []
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
        let (delivered, eventWarnings) = try demandResponse(from: from, to: to, settings: settings)
        let settlement = Settlement(park: park, settings: settings, tariff: tariff, data: data,
                                    outcome: allocation.outcome, touPeriod: touPeriod,
                                    sharedIDs: shared.items.map(\.cost.id), shared: splits, monthShare: monthShare,
                                    storage: data.storage.map { series in
                                        // Computed above and never dropped here.
                                        Settlement.StorageInput(series: series, combined: allocation.combined!,
                                                                prices: series.devices.map {
                                            settings.storagePrice(device: $0.id, generators: park.generators)
                                        })
                                    },
                                    demandResponse: settings.demandResponseIncentive.map {
                                        Settlement.DemandResponseInput(incentive: $0, delivered: delivered)
                                    })
        let checks = settlement.checks(data: data, sharedCosts: shared.items.map { ($0.cost.id, $0.periodCostFen) })
        let failed = checks.filter { !$0.passes }
        guard failed.isEmpty else {
            let heading = "settlement \(month) refused: its lines do not match its inputs; nothing was stored:"
            throw SettlementFailure(message: ([heading] + failed.map { "  \($0.description)" }).joined(separator: "\n"))
        }
        var writer = SettlementWriter(park: park, settlement: settlement, month: month, tariff: tariff,
                                      settings: settings, checks: checks)
        writer.demandResponse = delivered
        return Result(writer: writer, shared: shared, warnings: warnings + eventWarnings)
    }

    /// The warning of a month with skipped intervals, with their share (nil without any).
    static func skipped(month: String, excluded: [Bool]) -> String? {
        let skipped = excluded.filter { $0 }.count
        guard skipped > 0 else { return nil }
        if skipped == excluded.count {
            return "warning: \(month) has no interval with complete data; its bills hold only fixed charges and shared costs"
        }
        let share = String(format: "%.2f", Ratio(Int64(skipped), Int64(excluded.count)).value * 100)
        return "warning: \(month): \(skipped) of \(excluded.count) intervals (\(share) %) "
            + "skipped for missing data are billed to no one, as summary.json and Scope 2 leave them out; "
            + "import the missing readings and settle again to bill them"
    }

    /// Stores a computed month: a preview replaces the month's previous preview; a final run
    /// is compared with the month's current final version and stored as the next version only
    /// when a bill or statement changed, issuing documents for what changed. `beforeStoring`
    /// runs just before anything is stored (not at all for an unchanged final run).
    public func persist(_ result: inout Result, final: Bool, beforeStoring: () throws -> Void = {}) throws {
        let writer = result.writer, month = writer.month
        guard final else {
            try beforeStoring()
            result.previewID = try store.savePreview(month: month, snapshot: writer.snapshot(), result: writer.json(), at: context.now())
            return
        }
        let latest = try store.finalSettlements(month: month).last
        var previous: (bills: [Settlement.Bill], statements: [Settlement.Statement])?
        if let latest {
            guard let parts = SettlementWriter.parts(of: latest.result) else {
                let version = latest.version ?? 0
                throw SettlementFailure(message: "the stored version \(version) of \(month) cannot be read back; "
                                        + "nothing was stored")
            }
            previous = parts
        }
        let revision = SettlementRevision(previous: previous, bills: writer.settlement.bills,
                                          statements: writer.settlement.statements)
        if revision.isUnchanged, let latest {
            result.unchangedSince = latest.version
        } else {
            try beforeStoring()
            let local = LocalTime(identifier: park.settings.timeZone)!
            let year = local.date(of: writer.settlement.from).year
            result.stored = try store.saveFinal(month: month, year: year, parkId: park.settings.id, revision: revision,
                                                snapshot: writer.snapshot(), result: writer.json(), at: context.now())
            result.previous = previous
            if let latest, let version = latest.version {
                result.difference = writer.difference(from: latest.result, version: version)
            }
        }
        result.current = try store.currentSettlementDocuments(month: month)
    }

    /// settlement.json, settlement.csv, snapshot.json, difference.txt for a later version, and
    /// the documents: every invoice and statement of a preview or a first version; of a later
    /// version only what it issued (credit notes, replacing invoices and statements).
    public func write(_ result: Result, to directory: URL, language: ReportLanguage) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory.appendingPathComponent("invoices"), withIntermediateDirectories: true)
        try fm.createDirectory(at: directory.appendingPathComponent("statements"), withIntermediateDirectories: true)
        let w = result.writer, s = w.settlement
        func save(_ text: String, _ name: String) throws {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try save(w.json(), "settlement.json")
        try save(w.csv(), "settlement.csv")
        try save(w.snapshot(), "snapshot.json")
        func invoice(_ bill: Settlement.Bill, _ writer: InvoiceWriter) throws {
            try save(writer.json(bill: bill, vatRate: w.settings.vatRate), "invoices/\(writer.number).json")
            try save(writer.html(party: bill.member, lines: bill.lines, net: bill.netFen, vat: bill.vatFen,
                                 total: bill.totalFen, statement: false),
                     "invoices/\(writer.number).html")
        }
        func statement(_ st: Settlement.Statement, _ writer: InvoiceWriter) throws {
            try save(writer.html(party: st.generator, lines: st.lines, net: st.totalFen, vat: nil, total: st.totalFen,
                                 statement: true),
                     "statements/\(writer.number).html")
        }
        guard let stored = result.stored else {
            for bill in s.bills {
                let number = "PREVIEW-\(w.month)-\(bill.member)"
                try invoice(bill, InvoiceWriter(park: park, month: w.month, number: number, language: language))
            }
            for st in s.statements {
                let name = "\(w.month)-\(st.generator)"
                try statement(st, InvoiceWriter(park: park, month: w.month, number: name, language: language))
            }
            return
        }
        let bills = Dictionary(s.bills.map { ($0.member, $0) }, uniquingKeysWith: { $1 })
        let statements = Dictionary(s.statements.map { ($0.generator, $0) }, uniquingKeysWith: { $1 })
        let oldBills = Dictionary((result.previous?.bills ?? []).map { ($0.member, $0) }, uniquingKeysWith: { $1 })
        let oldStatements = Dictionary((result.previous?.statements ?? []).map { ($0.generator, $0) },
                                       uniquingKeysWith: { $1 })
        for document in stored.documents {
            var writer = InvoiceWriter(park: park, month: w.month, number: document.number, language: language,
                                       cancels: document.cancels, replaces: document.replaces)
            switch document.kind {
            case .invoice:
                if let bill = bills[document.party] { try invoice(bill, writer) }
            case .creditNote:
                if let old = oldBills[document.party] { try invoice(old.creditNote, writer) }
            case .statement:
                writer.replacedTotalFen = oldStatements[document.party]?.totalFen
                if let st = statements[document.party] { try statement(st, writer) }
            }
        }
        if let difference = result.difference { try save(difference, "difference.txt") }
    }
}

/// A settlement that cannot be made consistently.
public struct SettlementFailure: GreenParkError {
    public var message: String
    public var code: String { "settlement.failed" }
    public var isBadInput: Bool { false }

    public init(message: String) { self.message = message }
}

extension SettlementService {
    /// Settles billing month `month` (`YYYY-MM`, the park's local calendar) under the park's
    /// settlement lock: computed and checked, then stored as a preview or as the month's next
    /// final version (nothing when it is unchanged), after `out` was found writable; then its
    /// files are written there. `whileLocked` runs as soon as the lock is held.
    public func settle(month: String, final: Bool, gaps: GapPolicy, out: URL, language: ReportLanguage,
                       whileLocked: () throws -> Void = {}) throws -> Result {
        let lock = try context.stores.settlements.lockSettlements()
        defer { withExtendedLifetime(lock) {} }    // held until the run ends, whichever way
        try whileLocked()
        guard let (first, next) = Self.monthBounds(month) else {
            throw ServiceError("settlement.month", "\(month) is not a month such as 2023-05")
        }
        let local = context.local
        var result = try compute(month: month, from: local.startOfDay(first), to: local.startOfDay(next), gaps: gaps)
        // The files must be writable before anything (and any invoice number) is stored.
        try persist(&result, final: final) { try RunService.checkWritable(out) }
        if result.unchangedSince == nil { try write(result, to: out, language: language) }
        return result
    }

    /// The first local day of month `YYYY-MM` and of the month after it.
    public static func monthBounds(_ text: String) -> (CivilDate, CivilDate)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1990...2100).contains(year), (1...12).contains(month)
        else { return nil }
        let first = CivilDate(year: year, month: month, day: 1)
        return (first, first.nextMonthStart)
    }
}
