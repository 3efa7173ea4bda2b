import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats

/// `greenpark run`: the whole period in one go.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Import readings, allocate a period and write the results, in one go.",
        discussion: """
            Imports every readings file (a directory means its *.csv files) into the park's
            store exactly as `greenpark import` does (files imported before are skipped), then
            allocates [--from, --to) and writes to --out:
              summary.json     park, member and generator totals, policy checks, Scope 2
              allocations.csv  interval_start,member_id,generator_id,energy_wh
              members.csv      interval_start,member_id,consumption_wh,allocated_wh,grid_import_wh
              certificates.csv scheme,first_id,last_id,device_id,production_start,production_end,volume_wh,owner,status
              ledger.jsonl     the signed certificate ledger (docs/ledger.md)
              statements/      the redemption statements of the period, JSON and printable HTML,
                               with the hours of consumption each covers
              scope2.csv       Scope 2 per member, whole period and each month: both methods,
                               annual and hourly, and the hourly CFE score
              scope2-quality.csv  the 8 Scope 2 Quality Criteria of every redeemed certificate
              report.html      the park's report (self-contained; print to PDF with
                               chromium --headless --print-to-pdf=report.pdf report.html)
              cbam.json, cbam.csv, cbam.xml  when members list installations: electricity,
                               indirect emissions and SEE per installation and good
                               (production and direct emissions from --production)
              h2-45v.json, h2-45v-hours.csv  for hydrogen producers: the three 45V pillars
                               and the hours not matched by qualifying generation
              shared_costs.csv month,item,member_id,method,amount_fen,error_bound_fen,note: the
                               park's shared_costs, each billing month's cost split on that
                               month's data (the same amounts as settlement.csv's shared lines)
              settlement.csv   with a settlement section: every bill and statement line of
                               each billing month in the run (a month cut by the run pays its
                               share of the monthly charges; not stored: greenpark settle
                               --final stores and numbers a month)
            Certificates of the park's scheme are issued for every production period inside the
            run (calendar months for GEC and I-REC, hours for granular), transferred per the
            allocation, and with --redeem retired for each member's own consumption not yet
            covered (hour by hour; never twice), which makes summary.json's covered_wh.
            Periods issued before whose readings were corrected since are corrected: more
            certificates where generation went up, certificates withdrawn (or a debit on the
            device's next issuance where they were redeemed) where it went down, and transfers
            that follow the corrected allocation; the output says what changed. Running the
            same period again with nothing changed changes nothing. Needs the operator key of
            greenpark init (--operator-key), the one that sealed the ledger so far.
            """
    )

    @OptionGroup var parkOptions: ParkOptions

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Readings files or directories.", valueName: "file-or-dir"))
    var readings: [String] = []

    @OptionGroup var period: PeriodOptions

    @Option(help: "Directory for the results.")
    var out: String

    @Flag(help: "Redeem each member's certificates of the period for its own consumption (Scope 2).")
    var redeem = false

    @Option(help: "Certificate scheme for every generator (default: each generator's scheme in the park file).")
    var scheme: CertificateScheme?

    @Option(help: "Language of report.html: en or zh.") var lang: ReportLanguage = .en

    @Option(help: ArgumentHelp("CBAM production file: installation_id,period_start,period_end,cn_code,production_t,direct_emissions_t.", valueName: "file"))
    var production: String?

    @Option(help: "Import: split coarser data ('even').") var split: ImportOptions.Split?
    @Option(help: "Import: estimate short gaps ('linear').") var estimate: ImportOptions.Estimation?
    @Option(help: "Import: longest gap to estimate, in intervals.") var maxGap: Int = 4
    @Option(help: "Import: the files' interval length in minutes.") var inputResolution: Int?

    func validate() throws {
        guard period.from != nil, period.to != nil else { throw ValidationError("run needs --from and --to") }
    }

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            let productionRows = try EmissionsRunner.production(production, park: park)
            // Everything that can refuse the run does so before anything is stored or made final.
            let directory = URL(fileURLWithPath: out, isDirectory: true)
            try Terminal.checkWritable(directory, option: "--out")
            let store = try parkOptions.openStore()
            let key = try parkOptions.signingKey(for: store)
            var options = ImportOptions(estimation: estimate, maxGap: maxGap, split: split, inputResolutionMinutes: inputResolution)
            options.beforeCommit = FaultInjection.beforeCommit()
            var rejected = 0
            for file in try Self.files(readings) {
                do {
                    ImportRunner.print(try ImportRunner.importFile(file, park: park, store: store, options: options), allGaps: false)
                } catch let error as InputRejected {
                    Terminal.warn(error.message)
                    rejected += 1
                }
            }
            if rejected > 0 {
                throw ArgumentProblem(message: "\(rejected) readings file\(rejected == 1 ? " was" : "s were") rejected; fix and run again (files already imported are skipped)")
            }
            let (from, to) = try period.period(park) { throw ArgumentProblem(message: "run needs --from and --to") }
            let runner = AllocationRunner(park: park, store: store, parkDirectory: parkOptions.parkDirectory)
            var result = try runner.compute(from: from, to: to, gaps: period.gaps)
            // What can still refuse the run (emission factors, CBAM, the tariff and settlement checks) is
            // computed before the certificates are issued, transferred and redeemed for good.
            let emissions = EmissionsRunner(park: park, store: store, parkDirectory: parkOptions.parkDirectory)
            _ = try emissions.run(result, production: productionRows, statements: [], quiet: true)
            // Each billing month of the run, computed only (settle --month stores and numbers them).
            let settlement = SettlementRunner(park: park, store: store, parkDirectory: parkOptions.parkDirectory)
            let months = park.settlement == nil ? [] : try settlement.months(from: from, to: to, gaps: period.gaps)
            let certificates = CertificateRunner(park: park, store: store, key: key)
            let issued = try certificates.run(result, scheme: scheme, redeem: redeem, at: Timestamp.now())
            try runner.save(&result)
            try runner.applyCoverage(&result)
            AllocationRunner.print(result, park: park)
            CertificateRunner.print(issued)
            try runner.write(result, to: directory, from: period.from!, to: period.to!)
            try certificates.write(issued, from: from, to: to, to: directory)
            try emissions.write(try emissions.run(result, production: productionRows), to: directory, language: lang)
            if !park.sharedCosts.isEmpty {
                // One game per billing month: the settlement's own splits, or the run's data month by month.
                let local = LocalTime(identifier: park.settings.timeZone)!
                let shared = park.settlement != nil ? months.map(\.shared)
                    : SharedCostReport.monthly(park: park, data: result.data, outcome: result.outcome, local: local)
                try SharedCostReport.csv(shared).write(to: directory.appendingPathComponent("shared_costs.csv"),
                                                       atomically: true, encoding: .utf8)
            }
            if park.settlement != nil {
                let csv = SettlementWriter.csvHeader + "\n" + months.map { $0.writer.csvRows() }.joined()
                try csv.write(to: directory.appendingPathComponent("settlement.csv"), atomically: true, encoding: .utf8)
            }
            print("wrote \(out)/summary.json, allocations.csv, members.csv, certificates.csv, ledger.jsonl\(redeem ? ", statements/" : ""), scope2.csv, scope2-quality.csv, report.html\(park.sharedCosts.isEmpty ? "" : ", shared_costs.csv")\(park.settlement == nil ? "" : ", settlement.csv")")
        }
    }

    /// Files named, with directories expanded to their *.csv files (sorted).
    static func files(_ paths: [String]) throws -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw FileProblem(path: path, reason: "no such file or directory")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.lowercased().hasSuffix(".csv") }.sorted()
                result += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                result.append(path)
            }
        }
        return result
    }
}
