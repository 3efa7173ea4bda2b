import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkDemo
import GreenParkFormats
import GreenParkServices
import GreenParkStore

/// `greenpark demo`: the whole chain on a demo park built from real public profiles.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a demo park from real public profiles and run GreenPark on a full year.",
        discussion: """
            Needs no arguments and no network. Writes the park file and readings (BDEW load
            profiles, pvlib PV, measured La Haute Borne wind with its real gaps) to the
            directory, imports the year 2023 into a fresh store and prints what it did.
            Running it again starts the demo directory afresh.
            """
    )

    @Option(help: "Directory for the demo park.")
    var directory: String = "greenpark-demo"

    func run() throws {
        try Terminal.run {
            let clock = ContinuousClock.now
            let context = try DemoContext(directory: directory)
            for (number, step) in DemoContext.steps.enumerated() {
                print("\n\(number + 1). \(step.title)")
                try step.run(context)
            }
            print("\nDone in \(String(format: "%.1f", (ContinuousClock.now - clock).seconds)) s. Try:")
            print("  greenpark status --park \(context.parkFile.path)")
            print("  greenpark export readings --park \(context.parkFile.path) --meter pv-roof-gen --from 2023-06-01 --to 2023-06-02")
        }
    }
}

/// The demo's state, shared by its steps. Later features add steps to ``steps``.
final class DemoContext {
    let directory: URL
    let parkFile: URL
    let databasePath: String
    var park: Park!
    /// The park and its stores, once the park file is written.
    var context: ParkContext!

    init(directory: String) throws {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        parkFile = self.directory.appendingPathComponent("park.yaml")
        databasePath = self.directory.appendingPathComponent("park.sqlite").path
    }

    struct Step: Sendable {
        var title: String
        var run: @Sendable (DemoContext) throws -> Void
    }

    /// The demo, in order.
    static let steps: [Step] = [
        Step(title: "Park directory", run: { try $0.writePark() }),
        Step(title: "Import a year of readings", run: { try $0.importReadings() }),
        Step(title: "What the store holds", run: { try $0.summarise() }),
        Step(title: "Allocate the year 2023 (local time), interval by interval", run: { try $0.allocate() }),
        Step(title: "Certificates: issue, transfer per allocation, redeem; verify the signed ledger", run: { try $0.certificates() }),
        Step(title: "Emissions: Scope 2 both methods, annual and hourly; 24/7 CFE; reports", run: { try $0.emissions() }),
        Step(title: "Shared infrastructure: the year's costs split among members", run: { try $0.sharedCosts() }),
        Step(title: "Settlement: twelve billing months, final, with numbered invoices", run: { try $0.settle() }),
        Step(title: "What if the park had a 20 MWh battery? The year replayed with daily schedules",
             run: { try $0.storageWhatIf() }),
    ]

    func settle() throws {
        let local = LocalTime(identifier: park.settings.timeZone)!
        let runner = SettlementService(context: context)
        var totals = [Int64](repeating: 0, count: park.members.count), numbers: [String] = []
        var checks = 0
        let year = local.startOfDay(CivilDate(year: DemoPark.year, month: 1, day: 1))
        let next = local.startOfDay(CivilDate(year: DemoPark.year + 1, month: 1, day: 1))
        for month in BillingMonth.months(from: year, to: next, local: local) {
            let result = try runner.run(month: month.label, from: month.from, to: month.to, gaps: .skipInterval,
                                        final: true)
            Render.warnings(result.warnings)
            try runner.write(result, to: directory.appendingPathComponent("results/settlement/\(month.label)"),
                             language: month.label.hasSuffix("-12") ? .zh : .en)
            for (i, bill) in result.writer.settlement.bills.enumerated() { totals[i] += bill.totalFen }
            numbers += result.stored?.documents.filter { $0.kind != .statement }.map(\.number) ?? []
            checks += result.writer.checks.count
        }
        print("   $ greenpark settle --park park.yaml --month 2023-01 --final --gaps skip-interval   (and so on to 2023-12)")
        for (i, member) in park.members.enumerated() {
            print("   \(member.id.padding(toLength: 14, withPad: " ", startingAt: 0)) billed \(Terminal.yuan(totals[i])) CNY for \(DemoPark.year) (incl. VAT)")
        }
        // The numbers are the year's sequence 1...n: checked, not assumed.
        let sequence = numbers.compactMap { Int($0.split(separator: "-").last ?? "") }
        guard sequence == Array(1...max(1, sequence.count)) || sequence.isEmpty else {
            throw DemoFailure(message: "the demo's invoice numbers have gaps: \(numbers)")
        }
        print("   invoices \(numbers.first ?? "") to \(numbers.last ?? "") (\(numbers.count), no gaps); "
              + "\(checks) checks passed (billed Wh = consumption, sold + exported = generation, shared lines = cost)")
        print("   wrote results/settlement/<month>/ (settlement.json, .csv, invoices, statements; December in Chinese)")
    }

    func sharedCosts() throws {
        guard let result = allocation else { return }
        let local = LocalTime(identifier: park.settings.timeZone)!
        // One game per billing month, as settlement bills them; the year is the sum.
        let months = SharedCostService(context: context).monthly(result)
        for (item, cost, amounts) in SharedCostReport.totals(months) {
            let shares = zip(park.members, amounts).map { "\($0.id) \(Terminal.yuan($1))" }.joined(separator: ", ")
            print("   \(item.name) (\(item.method.rawValue), \(Terminal.yuan(cost)) CNY, month by month): \(shares)")
            if let note = months.last?.items.first(where: { $0.cost.id == item.id })?.split.note, !note.isEmpty {
                print("     \(months.last!.month): \(note)")
            }
        }
        try SharedCostReport.csv(months).write(to: directory.appendingPathComponent("results/shared_costs.csv"),
                                               atomically: true, encoding: .utf8)
        print("   wrote results/shared_costs.csv")
    }

    func local(_ t: Timestamp) -> String { LocalTime(identifier: park.settings.timeZone)!.date(of: t).description }

    func emissions() throws {
        guard let result = allocation else { return }
        let runner = EmissionsService(context: context)
        let production = try EmissionsService.production(directory.appendingPathComponent(DemoPark.productionFile).path, park: park)
        let emissions = try runner.compute(result, production: production)
        Render.warnings(emissions.warnings)
        let results = directory.appendingPathComponent("results")
        try runner.write(emissions, to: results, language: .en)
        print("   member          location t   market t   hourly market t   CFE score")
        for member in park.members {
            guard let r = emissions.report.total(member.id) else { continue }
            print("   " + member.id.padding(toLength: 14, withPad: " ", startingAt: 0) + HTML.tonnes(r.locationGrams).leftPadded(12)
                  + HTML.tonnes(r.marketGrams).leftPadded(11) + HTML.tonnes(r.hourlyMarketGrams).leftPadded(18)
                  + (Scope2Writer.ratio(r.cfeScore)).leftPadded(12))
        }
        for installation in emissions.cbam?.results ?? [] {
            for good in installation.goods {
                print("   CBAM \(installation.installation.id) CN \(good.cnCode) \(local(good.start))..: \(CBAMWriter.tonnes(good.productionT.millionths)) t, \(HTML.mwh(good.electricityWh)) MWh (green \(HTML.mwh(good.greenWh))), SEE direct \(CBAMWriter.ratio(good.seeDirect)), indirect \(CBAMWriter.ratio(good.seeIndirect)) t CO2e/t")
            }
        }
        let member = park.members[0].id
        for language in ReportLanguage.allCases {
            let name = "report-\(member)-\(DemoPark.year)-\(language.rawValue).html"
            try runner.html(emissions, member: member, language: language).write(to: results.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        print("   $ greenpark report --park park.yaml --member \(member) --period \(DemoPark.year) --lang zh")
        print("   wrote results/scope2.csv, scope2-quality.csv, cbam.json, cbam.csv, cbam.xml, report.html (park) and report-\(member)-\(DemoPark.year)-en.html, -zh.html")
        // The member's evidence pack, signed, then checked as a verifier would.
        let key = try OperatorKeyFile.load(forPark: parkFile.path)
        let (pack, warnings) = try EvidenceService(context: context)
            .pack(member: member, from: result.data.from, to: result.data.to, gaps: .skipInterval, production: production)
        Render.warnings(warnings)
        let zip = results.appendingPathComponent("evidence-\(member)-\(DemoPark.year).zip")
        try pack.write(to: zip, key: key)
        print("   $ greenpark evidence --park park.yaml --member \(member) --period \(DemoPark.year) --gaps skip-interval --production \(DemoPark.productionFile)")
        print("   wrote results/\(zip.lastPathComponent): \(pack.files.count) files, manifest signed")
        let verified = EvidenceVerifier.verify(files: try EvidencePack.read(zip), expectedKey: try OperatorKeyFile.loadPublic(path: OperatorKeyFile.publicPath(forPark: parkFile.path)))
        print("   $ greenpark evidence verify results/\(zip.lastPathComponent) --public-key park.operator.pub")
        for check in verified.checks { print("   \(check.passed ? "ok  " : "FAIL") \(check.name): \(check.detail)") }
        guard verified.passed else { throw DemoFailure(message: "the demo's evidence pack does not verify") }
    }

    var allocation: AllocationService.Result?

    func certificates() throws {
        guard var result = allocation else { return }
        let key = try OperatorKeyFile.create(forPark: parkFile.path)
        print("   operator key \(OperatorKeyFile.privatePath(forPark: parkFile.path)) (0600), public key \(key.publicKeyHex.prefix(16))...")
        let runner = CertificateService(context: context, key: key)
        // The PV plant is registered for GECs, the wind farm for hourly granular certificates
        // (the same energy is never certified twice).
        // The demo acts as the operator would on the day after its year: a GEC is redeemable
        // for two years from its production month, so running today on 2023 data would find
        // them expired.
        let asOf = result.data.to.adding(seconds: 86_400)
        print("   (acting as of \(asOf))")
        // Each plant in its scheme of the park file (certificates.generators), in one transaction.
        let issued = try runner.certify(result, redeem: true, at: asOf)
        for scheme in [CertificateScheme.gec, .granular] {
            let tally = issued.tallies[scheme] ?? RangeTally()
            print("   \(scheme.rawValue) for \(tally.devices.sorted().joined(separator: ", ")): "
                + "\(tally.ranges) certificate ranges, \(Terminal.grouped(tally.certificates)) certificates")
            var own = issued
            own.statements = issued.statements.filter { $0.scheme == scheme }
            try runner.write(own, from: result.data.from, to: result.data.to, scheme: scheme,
                             to: directory.appendingPathComponent("results/\(scheme.rawValue)"))
        }
        Render.certificates(issued, indent: "   ")
        let allocations = AllocationService(context: context)
        try allocations.applyCoverage(&result)
        for m in result.summary.members {
            print("   \(m.id): covered \(Terminal.mwh(m.coveredWh)) MWh; Scope 2 location \(Terminal.mwh(m.scope2LocationGrams)) t, market \(Terminal.mwh(m.scope2MarketGrams)) t CO2")
        }
        let verifier = try LedgerService(context: context).verify(publicKey: OperatorPublicKey(hex: key.publicKeyHex))
        print("   $ greenpark ledger verify --park park.yaml")
        print("   ledger ok: \(verifier.entries) entries in \(verifier.blocks) blocks, every signature valid")
        try allocations.write(result, to: directory.appendingPathComponent("results"), from: result.data.from.iso8601,
                              to: result.data.to.iso8601)
    }

    func allocate() throws {
        let local = LocalTime(identifier: park.settings.timeZone)!
        let from = local.startOfDay(CivilDate(year: DemoPark.year, month: 1, day: 1))
        let to = local.startOfDay(CivilDate(year: DemoPark.year + 1, month: 1, day: 1))
        let runner = AllocationService(context: context)
        let result = try runner.allocate(from: from, to: to, gaps: .skipInterval)
        allocation = result
        print("   $ greenpark allocate --park park.yaml --from \(DemoPark.year)-01-01 --to \(DemoPark.year + 1)-01-01 --gaps skip-interval")
        Render.allocation(result, park: park, indent: "   ")
        try runner.write(result, to: directory.appendingPathComponent("results"), from: from.iso8601, to: to.iso8601)
        print("   wrote results/summary.json, allocations.csv, members.csv")
    }

    func writePark() throws {
        if let existing = try? String(contentsOf: parkFile, encoding: .utf8), existing != DemoPark.parkYAML {
            throw DemoFailure(message: "\(parkFile.path) exists and is not the demo's park file; the demo would overwrite it and delete its store. Choose another --directory.")
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        // A fresh demo: a fresh operator key too (the store it signed is gone).
        try? FileManager.default.removeItem(atPath: OperatorKeyFile.privatePath(forPark: parkFile.path))
        try? FileManager.default.removeItem(atPath: OperatorKeyFile.publicPath(forPark: parkFile.path))
        try DemoPark.write(to: directory)
        let result = try ParkFile.load(path: parkFile.path)
        park = result.park
        context = ParkContext(park: park, parkFile: parkFile, stores: try SQLiteDatabase(path: databasePath).stores)
        print("   \(parkFile.path): park \(park.settings.id), \(park.members.count) members, \(park.generators.count) generators, \(park.settings.resolution.minutes)-minute intervals, \(park.settings.timeZone)")
        for file in DemoPark.readingsFiles { print("   \(file.path): \(file.summary)") }
        print("   store: \(databasePath)")
    }

    func importReadings() throws {
        for file in DemoPark.readingsFiles {
            let options = ImportOptions(
                estimation: file.estimateGaps ? .linear : nil, maxGap: 4, split: file.needsEvenSplit ? .even : nil)
            let path = directory.appendingPathComponent(file.path).path
            let report = try ImportService(context: context).importFile(path, options: options,
                                                                        progress: Render.importProgress())
            print("   $ greenpark import --park park.yaml \(file.path)\(file.needsEvenSplit ? " --split even" : "")\(file.estimateGaps ? " --estimate linear --max-gap 4" : "")")
            Render.importReport(report, allGaps: false)
        }
    }

    func summarise() throws {
        let year = Int64(DemoPark.year)
        let local = LocalTime(identifier: park.settings.timeZone)!
        let from = local.startOfDay(CivilDate(year: Int(year), month: 1, day: 1))
        let to = local.startOfDay(CivilDate(year: Int(year) + 1, month: 1, day: 1))
        func total(_ meter: String) throws -> (wh: Int64, missing: Int) {
            let totals = StoredTotals(try context.stores.readings.days(meter: meter, in: from.utcDay..<(to.utcDay + 1)), from: from, to: to)
            let expected = Int((to.seconds - from.seconds) / park.settings.resolution.seconds)
            return (totals.energyWh, expected - totals.present)
        }
        print("   local year \(year) (\(park.settings.timeZone)), MWh:")
        func line(_ kind: String, _ id: String, _ meters: [String]) throws {
            var wh: Int64 = 0
            var missing = 0
            for meter in meters {
                let t = try total(meter)
                wh += t.wh
                missing += t.missing
            }
            let gaps = missing == 0 ? "" : "   \(Terminal.grouped(missing)) intervals missing"
            print("   \(kind.padding(toLength: 10, withPad: " ", startingAt: 0))\(id.padding(toLength: 13, withPad: " ", startingAt: 0))\(Terminal.mwh(wh).leftPadded(12))\(gaps)")
        }
        for member in park.members { try line("member", member.id, member.meters) }
        for generator in park.generators { try line("generator", generator.id, [generator.meter]) }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
